/**
 * The single sampling plan for a lot: Table I gives the code letter, the severity's master table the plan, following
 * its arrows to the plan actually used (whose sample size may differ from the code letter's).
 */
import { codeLetterFor, type CodeLetter, type InspectionLevel } from './code-letters';
import { AQLS, sampleSizeOf, TABLE_ROWS, tableCell, type Severity } from './single-sampling-tables';

/** What the plan is asked for: the lot, the inspection level, the AQL (one of AQLS) and the severity. */
export interface SamplingPlanInput {
  lotSize: number;
  level: InspectionLevel;
  aql: number;
  severity: Severity;
}

/** The plan to apply: inspect `sampleSize` units, accept with at most `ac` nonconforming, reject at `re` or more. */
export interface SamplingPlan {
  /** The code letter Table I gives for the lot size and level. */
  codeLetter: CodeLetter;
  /** The letter of the plan used after following arrows (equal to codeLetter when there were none). */
  planLetter: CodeLetter;
  /** Units to inspect: the plan's sample size, or the whole lot when the plan's sample would exceed it. */
  sampleSize: number;
  ac: number;
  re: number;
  /** Arrows followed from the code letter's cell, in order (`down` / `up`). */
  arrowsFollowed: Array<'down' | 'up'>;
  /** True when the sample is the whole lot (100 % inspection). */
  wholeLot: boolean;
}

/** Whether `aql` is one of the standard's AQL values (the only columns the tables have). */
export function isStandardAql(aql: number): boolean {
  return (AQLS as readonly number[]).includes(aql);
}

/**
 * The plan for a lot per ISO 2859-1. Throws RangeError for a lot size below 1 or an AQL the tables do not have (the
 * rule-set schema refuses those first, naming the field).
 */
export function samplingPlan(input: SamplingPlanInput): SamplingPlan {
  const { lotSize, level, aql, severity } = input;
  if (!Number.isInteger(lotSize) || lotSize < 1) throw new RangeError(`lotSize must be a whole number >= 1`);
  const aqlIndex = (AQLS as readonly number[]).indexOf(aql);
  if (aqlIndex < 0) throw new RangeError(`aql ${aql} is not a standard AQL value`);
  const codeLetter = codeLetterFor(lotSize, level);
  const rows = TABLE_ROWS[severity];
  let row = rows.indexOf(codeLetter);
  const arrowsFollowed: Array<'down' | 'up'> = [];
  for (;;) {
    const letter = rows[row];
    if (letter === undefined) throw new RangeError(`the ${severity} table has no plan for ${codeLetter} at AQL ${aql}`);
    const cell = tableCell(severity, letter, aqlIndex);
    if (typeof cell === 'object') {
      const planSize = sampleSizeOf(severity, letter);
      const wholeLot = planSize >= lotSize;
      return {
        codeLetter,
        planLetter: letter,
        sampleSize: wholeLot ? lotSize : planSize,
        ac: cell.ac,
        re: cell.re,
        arrowsFollowed,
        wholeLot,
      };
    }
    arrowsFollowed.push(cell);
    row += cell === 'down' ? 1 : -1;
  }
}

/** The AQL one step tighter (the next smaller column), or null at the smallest; used by the switching score. */
export function oneStepTighterAql(aql: number): number | null {
  const index = (AQLS as readonly number[]).indexOf(aql);
  return index > 0 ? AQLS[index - 1]! : null;
}
