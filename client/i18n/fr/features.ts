// What phones, the projector and the speaker's laptop read of each feature (features/*.ts);
// the console reads some of it too.
import { messages as deliberation } from './features/deliberation.ts';
import { messages as followup } from './features/followup.ts';
import { messages as polls } from './features/polls.ts';
import { messages as question } from './features/question.ts';
import { messages as speed } from './features/speed.ts';
import { messages as timer } from './features/timer.ts';
import { messages as vision } from './features/vision.ts';

export const messages = { ...deliberation, ...followup, ...polls, ...question, ...speed, ...timer, ...vision };
