import type { StoredVersion } from '../../db/rules/rule-repository';
import { draftSource } from './rule-service';

const version = (n: number, status: StoredVersion['status'], effectiveFrom: string | null): StoredVersion => ({
  id: n,
  ruleSetId: 1,
  ruleSetCode: 'material-issue',
  type: 'material-issue',
  version: n,
  status,
  content: { n },
  contentHash: `h${n}`,
  effectiveFrom,
  author: 'admin',
  publishedBy: null,
  publishedAt: null,
  createdAt: '2026-12-01T00:00:00Z',
});

const NOW = Date.parse('2026-12-02T12:00:00Z');

describe('a new draft starts from', () => {
  test('the version in force, not a newer retired one, draft or future publication', () => {
    const versions = [
      version(5, 'draft', null),
      version(4, 'published', '2027-01-01T00:00:00Z'),
      version(3, 'retired', '2026-12-02T10:00:00Z'),
      version(2, 'published', '2026-11-01T00:00:00Z'),
      version(1, 'published', '2026-10-01T00:00:00Z'),
    ];
    expect(draftSource(versions, NOW)?.version).toBe(2);
  });

  test('the newest version when none is in force', () => {
    expect(draftSource([version(2, 'draft', null), version(1, 'retired', '2026-01-01T00:00:00Z')], NOW)?.version).toBe(
      2,
    );
    expect(draftSource([], NOW)).toBeUndefined();
  });
});
