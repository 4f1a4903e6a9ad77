import { openOrm } from '../orm';
import { intEnv } from '../../test/support/int-env';

describe('migrations', () => {
  test('the committed migrations produce exactly the schema the entities describe (no pending diff)', async () => {
    const orm = await openOrm(intEnv().databaseUrl);
    try {
      const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
      expect(diff.trim()).toBe('');
      expect(await orm.getMigrator().checkMigrationNeeded()).toBe(false);
    } finally {
      await orm.close();
    }
  });
});
