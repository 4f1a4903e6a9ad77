/**
 * Material issue: turning the material-issue rules' decision into the issue mode of a component (kit, merged pick or
 * backflush) and what a short kit does, with the reasons the auditor sees. Phantoms are passed through from the BOM's
 * flag and never decided here.
 */
export { decideIssueMode, materialIssueFacts } from './decide-issue-mode';
export type { IssueModeChoice, IssueSubject, OutrankedRule } from './decide-issue-mode';
