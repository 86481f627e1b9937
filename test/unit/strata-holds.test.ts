import { describe, expect, it } from 'vitest';
import { holdsIn, readByStratum, valuesInOrder, verdictOf, voteVerdict, type StratumRule, type Verdict } from '../../shared/features/strata/holds.ts';
import { OTHER_VALUES, VALUE_NOT_GIVEN, type StratumCells } from '../../shared/features/strata/types.ts';

// Whether a result holds in each stratum: the stratum's counts read with the room's own rule
// (docs/methods.md, "Reading a result by stratum"). Table-driven: each case is counts in, the
// verdict and "holds" out, computed by hand from the rule.

const VOTE_60: StratumRule = { kind: 'vote', thresholdBp: 6000, basis: 'expressed' };
const VOTE_50_PRESENT: StratumRule = { kind: 'vote', thresholdBp: 5000, basis: 'present' };
const CHECK_5: StratumRule = { kind: 'check', levels: 5, thresholds: null };
const GRADING_6: StratumRule = { kind: 'grading', grades: 6 };
const SINGLE_3: StratumRule = { kind: 'choices', options: 3, multiple: false };
const SCALE_1_5: StratumRule = { kind: 'scale', min: 1, max: 5 };

describe('verdictOf: a stratum read with the room rule', () => {
  it.each<[string, StratumRule, number[], Verdict]>([
    ['vote, 6 for 4 against at 60 %: exactly the threshold, adopted', VOTE_60, [6, 4, 3], { kind: 'vote', outcome: 'adopted', share: 0.6 }],
    ['vote, 5 for 5 against at 60 %: a tie is under the threshold, rejected', VOTE_60, [5, 5, 0], { kind: 'vote', outcome: 'rejected', share: 0.5 }],
    ['vote, only abstentions on the expressed basis: no result', VOTE_60, [0, 0, 5], { kind: 'vote', outcome: 'none', share: 0 }],
    ['vote on the present basis counts abstentions against: 3 of 6 at 50 % adopted', VOTE_50_PRESENT, [3, 1, 2], { kind: 'vote', outcome: 'adopted', share: 0.5 }],
    ['vote on the present basis: 2 of 5 at 50 % rejected', VOTE_50_PRESENT, [2, 0, 3], { kind: 'vote', outcome: 'rejected', share: 0.4 }],
    ['check, 4 of 5 agree none against: strong consensus (unsure apart)', CHECK_5, [2, 2, 1, 0, 0, 7], { kind: 'check', marker: 'strong_consensus', agree: 0.8, disagree: 0 }],
    ['check, 3 agree 3 disagree: dissent', CHECK_5, [3, 0, 0, 1, 2, 0], { kind: 'check', marker: 'dissent', agree: 0.5, disagree: 0.5 }],
    ['check, 2 answers (the rest unsure): insufficient', CHECK_5, [1, 1, 0, 0, 0, 4], { kind: 'check', marker: 'insufficient', agree: 1, disagree: 0 }],
    ['grading, 6 grades given 0,1,1,2,2,3: the lower (worse) middle grade, 2', GRADING_6, [1, 2, 2, 1, 0, 0], { kind: 'grading', grade: 2 }],
    ['grading, nobody graded', GRADING_6, [0, 0, 0, 0, 0, 0], { kind: 'grading', grade: null }],
    ['single choice: the option with the most answers', SINGLE_3, [2, 7, 1], { kind: 'choices', leading: [1] }],
    ['single choice: a tie leads with both', SINGLE_3, [4, 1, 4], { kind: 'choices', leading: [0, 2] }],
    ['scale 1-5: the median of 1,2,4,5 is 3', SCALE_1_5, [1, 1, 0, 1, 1], { kind: 'scale', median: 3 }],
    ['scale 1-5: the median of 2,2,3 is 2', SCALE_1_5, [0, 2, 1, 0, 0], { kind: 'scale', median: 2 }],
  ])('%s', (_name, rule, cells, verdict) => {
    expect(verdictOf(rule, cells)).toEqual(verdict);
  });

  it('uses the check\'s own marker thresholds', () => {
    // 3 of 5 agree (60 %) is a consensus with the defaults, not at a 70 % consensus threshold.
    const cells = [3, 0, 1, 1, 0, 0];
    expect(verdictOf(CHECK_5, cells)).toMatchObject({ marker: 'consensus' });
    expect(verdictOf({ ...CHECK_5, thresholds: { consensusAgree: 70, strongAgree: 90, dissentEachSide: 30 } }, cells)).toMatchObject({ marker: 'divided' });
  });
});

describe('holdsIn', () => {
  const vote = (outcome: 'adopted' | 'rejected' | 'no_quorum' | 'none'): Verdict => ({ kind: 'vote', outcome, share: 0 });
  const check = (marker: 'strong_consensus' | 'consensus' | 'dissent' | 'divided' | 'insufficient'): Verdict => ({ kind: 'check', marker, agree: 0, disagree: 0 });
  it.each<[string, Verdict, Verdict, boolean | null]>([
    ['adopted, adopted there', vote('adopted'), vote('adopted'), true],
    ['adopted, rejected there', vote('adopted'), vote('rejected'), false],
    ['rejected, adopted there', vote('rejected'), vote('adopted'), false],
    ['no quorum in the room: nothing to hold', vote('no_quorum'), vote('adopted'), null],
    ['no ballot counted there: cannot say', vote('adopted'), vote('none'), null],
    ['a strong consensus holds where there is a plain one', check('strong_consensus'), check('consensus'), true],
    ['a consensus holds where it is strong', check('consensus'), check('strong_consensus'), true],
    ['a consensus does not hold where the stratum is divided', check('consensus'), check('divided'), false],
    ['dissent holds where the stratum is split too', check('dissent'), check('dissent'), true],
    ['too few answers there: cannot say', check('consensus'), check('insufficient'), null],
    ['same majority grade', { kind: 'grading', grade: 2 }, { kind: 'grading', grade: 2 }, true],
    ['another majority grade', { kind: 'grading', grade: 2 }, { kind: 'grading', grade: 3 }, false],
    ['same leading option', { kind: 'choices', leading: [1] }, { kind: 'choices', leading: [1] }, true],
    ['a tie in the room does not hold where one of them leads alone', { kind: 'choices', leading: [0, 2] }, { kind: 'choices', leading: [0] }, false],
    ['a tie holds where the same options tie', { kind: 'choices', leading: [0, 2] }, { kind: 'choices', leading: [0, 2] }, true],
    ['same median', { kind: 'scale', median: 3.5 }, { kind: 'scale', median: 3.5 }, true],
    ['another median', { kind: 'scale', median: 3.5 }, { kind: 'scale', median: 4 }, false],
  ])('%s', (_name, room, stratum, holds) => {
    expect(holdsIn(room, stratum)).toBe(holds);
  });
});

describe('readByStratum', () => {
  // A vote adopted in the room (18 for, 7 against: 72 %) read by age bracket and gender.
  const cells: StratumCells = {
    ageBracket: {
      '26-40 ans': [7, 1, 0],
      '18-25 ans': [2, 4, 1],
      [OTHER_VALUES]: [5, 0, 0],
      [VALUE_NOT_GIVEN]: [4, 2, 0],
      '41-60 ans': [0, 0, 0],
    },
    gender: { Femme: [10, 3, 1], Homme: [8, 4, 0] },
  };
  const room = voteVerdict({ quorumMet: true, adopted: true, share: 18 / 25 });
  const reading = readByStratum(VOTE_60, room, cells, ['ageBracket', 'gender', 'territory']);

  it('orders values the same way whatever the counts: named by code point, then not given, then the others', () => {
    expect(reading.attributes[0]!.rows.map((r) => r.value)).toEqual(['18-25 ans', '26-40 ans', VALUE_NOT_GIVEN, OTHER_VALUES]);
    expect(valuesInOrder([OTHER_VALUES, 'b', VALUE_NOT_GIVEN, 'a'])).toEqual(['a', 'b', VALUE_NOT_GIVEN, OTHER_VALUES]);
  });

  it('reads each stratum, "not given" and the merged others included, with the vote\'s threshold', () => {
    const age = reading.attributes[0]!.rows;
    expect(age.map((r) => [r.value, r.ballots, r.verdict, r.holds])).toEqual([
      ['18-25 ans', 7, { kind: 'vote', outcome: 'rejected', share: 2 / 6 }, false],
      ['26-40 ans', 8, { kind: 'vote', outcome: 'adopted', share: 7 / 8 }, true],
      // 4 of 6: 66.7 % ≥ 60 %.
      [VALUE_NOT_GIVEN, 6, { kind: 'vote', outcome: 'adopted', share: 4 / 6 }, true],
      [OTHER_VALUES, 5, { kind: 'vote', outcome: 'adopted', share: 1 }, true],
    ]);
  });

  it('lists where it does not hold (the marker), and leaves out attributes without counts', () => {
    expect(reading.notHolding).toEqual([{ attribute: 'ageBracket', value: '18-25 ans' }]);
    expect(reading.attributes.map((a) => [a.attribute, a.rows.length])).toEqual([
      ['ageBracket', 4],
      ['gender', 2],
      ['territory', 0],
    ]);
    expect(reading.judged).toBe(6);
  });

  it('says nothing holds or fails when the room had no quorum', () => {
    const noQuorum = readByStratum(VOTE_60, voteVerdict({ quorumMet: false, adopted: false, share: 0.72 }), cells, ['gender']);
    expect(noQuorum.attributes[0]!.rows.map((r) => r.holds)).toEqual([null, null]);
    expect(noQuorum.notHolding).toEqual([]);
    expect(noQuorum.judged).toBe(0);
  });

  it('does not count a multiple-choice poll\'s cells as ballots', () => {
    const poll = readByStratum({ kind: 'choices', options: 2, multiple: true }, { kind: 'choices', leading: [0] }, { gender: { Femme: [5, 5], Homme: [6, 2] } }, ['gender']);
    expect(poll.attributes[0]!.rows.map((r) => [r.value, r.ballots, r.holds])).toEqual([
      ['Femme', null, false],
      ['Homme', null, true],
    ]);
  });
});
