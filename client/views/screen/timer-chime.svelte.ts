// The projector's end-of-countdown chime: two soft sine notes made with WebAudio (no file to
// load). Browsers only let a page play sound after someone interacted with it, so the projector
// unlocks audio on the first click or key press and says discreetly when it still needs one.

type AudioContextClass = typeof AudioContext;

class Chime {
  /** Sound can play now. */
  ready = $state(false);
  private context: AudioContext | null = null;

  /** Creates or resumes the audio context; call it from a click or a key press. */
  unlock(): void {
    const Context = (globalThis as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass }).AudioContext ?? (globalThis as { webkitAudioContext?: AudioContextClass }).webkitAudioContext;
    if (!Context) return;
    try {
      this.context ??= new Context();
    } catch {
      return;
    }
    const context = this.context;
    context.onstatechange = () => (this.ready = context.state === 'running');
    this.ready = context.state === 'running';
    if (context.state === 'suspended') void context.resume().catch(() => {});
  }

  /** A short, soft two-note chime; nothing when sound is not available. */
  play(): void {
    this.unlock();
    const context = this.context;
    if (!context || context.state !== 'running') return;
    const start = context.currentTime + 0.05;
    [659.25, 880].forEach((frequency, i) => {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      const at = start + i * 0.32;
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.12, at + 0.04);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 1.3);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + 1.4);
    });
  }
}

export const chime = new Chime();
