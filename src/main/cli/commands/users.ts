// loupe users add|list|set-role|disable|enable|set-password: the accounts of team mode (`loupe serve --team`).
import { Command } from 'commander';
import { openServices } from '../services';
import { printResult } from '../output';
import { readPassword } from '../password-input';
import { ROLES, isRole, type Role } from '../../../shared/roles';
import type { UserView } from '../../services/team/users';

interface DbFlags {
  db: string;
  json?: boolean;
}

const describeUser = (u: UserView) => `${u.name}\t${u.role}${u.disabled ? '\tdisabled' : ''}`;

function role(text: string): Role {
  if (!isRole(text)) throw new Error(`--role must be one of ${ROLES.join(', ')}, not "${text}"`);
  return text;
}

export function usersCommand(): Command {
  const users = new Command('users').description('team accounts: who may sign in to `loupe serve --team`, and with what role');
  const db = (command: Command) => command.requiredOption('--db <file>', 'the Loupe database').option('--json', 'machine-readable output');

  users.addCommand(
    db(
      new Command('add')
        .description('add a user; the password is asked at the terminal (or read as one line from standard input)')
        .argument('<name>', 'the name their revisions and reviews are signed with')
        .requiredOption('--role <role>', `${ROLES.join(' | ')}`),
    ).action(async (name: string, flags: DbFlags & { role: string }) => {
      const wanted = role(flags.role);
      const password = await readPassword(`Password for ${name}`);
      const services = await openServices(flags.db);
      try {
        const user = await services.users.add(name, password, wanted);
        printResult(flags, user, () => `added ${describeUser(user)}`);
      } finally {
        services.close();
      }
    }),
  );

  users.addCommand(
    db(new Command('list').description('every user with their role')).action(async (flags: DbFlags) => {
      const services = await openServices(flags.db);
      try {
        const list = services.users.list();
        printResult(flags, list, () => (list.length ? list.map(describeUser).join('\n') : 'no users yet: loupe users add <name> --role admin'));
      } finally {
        services.close();
      }
    }),
  );

  users.addCommand(
    db(new Command('set-role').description("change a user's role (their open sessions get it with their next request)").argument('<name>').argument('<role>', ROLES.join(' | '))).action(
      async (name: string, wanted: string, flags: DbFlags) => {
        const next = role(wanted);
        const services = await openServices(flags.db);
        try {
          const user = services.users.setRole(name, next);
          printResult(flags, user, () => describeUser(user));
        } finally {
          services.close();
        }
      },
    ),
  );

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    users.addCommand(
      db(new Command(verb).description(disabled ? 'stop a user signing in (their sessions end now; their name stays in the history)' : 'let a disabled user sign in again').argument('<name>')).action(
        async (name: string, flags: DbFlags) => {
          const services = await openServices(flags.db);
          try {
            const user = services.users.setDisabled(name, disabled);
            printResult(flags, user, () => describeUser(user));
          } finally {
            services.close();
          }
        },
      ),
    );
  }

  users.addCommand(
    db(new Command('set-password').description("give a user a new password (asked like add's); their sessions end").argument('<name>')).action(async (name: string, flags: DbFlags) => {
      const password = await readPassword(`New password for ${name}`);
      const services = await openServices(flags.db);
      try {
        const user = await services.users.setPassword(name, password);
        printResult(flags, user, () => `new password for ${user.name}`);
      } finally {
        services.close();
      }
    }),
  );
  return users;
}
