import { userInfo } from 'node:os';
import { loadConfig } from '../config/env';
import { createAdministrator, FirstAdminRefusal } from '../db/identity/first-admin';
import { openOrm } from '../db/orm';
import { findDatabase } from './find-database';

const USAGE = `npm run admin:create -- --username <name> [--display-name "<name>"] [--password-stdin]
  Creates an administrator: the first real admin of a production database (demo users exist only in demo mode).
  The password comes from MILLWRIGHT_ADMIN_PASSWORD, or with --password-stdin from the first line of standard input,
  never from the command line (where other users and the shell history would see it). Audited as
  admin:create:<your OS user>. Exit 0: created; 2: refused (the message names the option).`;

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const username = option(args, '--username');
  if (!username) throw new FirstAdminRefusal('--username', 'Name the administrator with --username <name>');
  const password = args.includes('--password-stdin') ? await readStdinLine() : process.env.MILLWRIGHT_ADMIN_PASSWORD;
  if (!password) {
    throw new FirstAdminRefusal('password', 'Give the password in MILLWRIGHT_ADMIN_PASSWORD or with --password-stdin');
  }
  const database = await findDatabase(loadConfig());
  try {
    const orm = await openOrm(database.url);
    try {
      const user = await orm.em.fork().transactional((em) =>
        createAdministrator(em, {
          username,
          displayName: option(args, '--display-name') ?? username,
          password,
          runBy: userInfo().username,
        }),
      );
      console.log(`administrator ${user.username} created; sign in to the console with that name and password`);
      return 0;
    } finally {
      await orm.close();
    }
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof FirstAdminRefusal) {
      console.error(`admin:create refused (${error.option}): ${error.message}`);
      process.exit(2);
    }
    console.error(`admin:create failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
