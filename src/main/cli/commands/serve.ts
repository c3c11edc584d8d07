// loupe serve --db <file> [--port <n>]: the workstation in a browser on this machine.
// loupe serve --team --listen <addr> [--tls-cert <pem> --tls-key <pem>] [--insecure-http]: to a LAN, with
// accounts and roles (see team-serve.ts).
import { Command } from 'commander';
import { prepareTeam, type TeamFlags } from './team-serve';
import { MODELS_DIR_HELP } from '../services';
import { storeName } from './db';

interface ServeFlags extends TeamFlags {
  db: string;
  port: string;
  renderer?: string;
  demo: boolean;
  user?: string;
  claimMinutes?: string;
  jobsOnWorker?: boolean;
  modelsDir?: string;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('serve the workstation to a browser on this machine (127.0.0.1 only; the printed address carries an access token)')
    .requiredOption('--db <file|url>', 'the Loupe database (created, with the demo workspace, when it does not exist), or postgres://… (a team database)')
    .option('--models-dir <folder>', MODELS_DIR_HELP)
    .option('--port <n>', 'the port; 0 picks a free one', '0')
    .option('--renderer <dir>', 'the built renderer to serve (default: out/renderer of this checkout, once npm run build made it)')
    .option('--no-demo', 'do not create the demo workspace in a new database')
    .option('--team', 'team mode: serve to a LAN; people sign in (loupe users) and their role decides what they may do')
    .option('--listen <addr>', 'team mode: where to listen, <host>:<port> (e.g. 0.0.0.0:8443); default 127.0.0.1:<--port>')
    .option('--tls-cert <pem>', "team mode: the TLS certificate (PEM, with its chain) the host serves HTTPS with")
    .option('--tls-key <pem>', "team mode: the certificate's private key (PEM)")
    .option('--insecure-http', 'team mode: allow plain HTTP beyond loopback (passwords cross the network in clear)')
    .option('--admin <name>', 'team mode, first start: the first admin (the password is asked, or read from standard input)')
    .option('--user <name>', 'the person this workstation saves as (several workstations can share one database, each for its own person)')
    .option('--jobs-on-worker', 'team database: training and pre-annotation run on a GPU worker (loupe worker), not in this process')
    .option('--claim-minutes <n>', 'minutes without activity after which a claim on an item ("being edited by …") lapses', '10')
    .action(async (flags: ServeFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, not "${flags.port}"`);
      const team = prepareTeam(flags, port);
      const { defaultRendererDir, isBuiltRenderer, rendererMissingMessage } = await import('../../host/static');
      // Never hand a browser the renderer's source folder (its index.html loads TypeScript: a blank page).
      const rendererDir = flags.renderer ?? defaultRendererDir();
      if (rendererDir === null || !isBuiltRenderer(rendererDir)) throw new Error(rendererMissingMessage(flags.renderer));
      const [{ openWorkstation }, { startHost }, { createDemoWorkspace, demoFolderFor, isNewDatabase }] = await Promise.all([
        import('../../api/workstation'),
        import('../../host/server'),
        import('../../demo-workspace'),
      ]);
      const claimMinutes = Number(flags.claimMinutes ?? '10');
      if (!(claimMinutes > 0)) throw new Error(`--claim-minutes must be a number above 0, not "${flags.claimMinutes}"`);
      const user = flags.user?.trim();
      if (flags.user !== undefined && !user) throw new Error('--user needs a name');
      if (user && team) throw new Error('--user names the one person of a workstation without sign-in; with --team each person signs in with their own account');
      const isNew = isNewDatabase(flags.db);
      const workstation = openWorkstation({
        database: flags.db,
        shell: 'browser',
        team: { user, claimMinutes },
        jobsOnWorker: flags.jobsOnWorker,
        models: flags.modelsDir ? { modelsDir: flags.modelsDir } : undefined,
        onInternalError: (request, error) => process.stderr.write(`loupe: ${request} failed: ${(error as Error)?.stack ?? error}\n`),
      });
      try {
        if (isNew && flags.demo) {
          process.stderr.write('New database: creating the demo workspace…\n');
          try {
            await createDemoWorkspace(workstation.services, demoFolderFor(flags.db));
          } catch (error) {
            // An empty workstation is still useful: say what went wrong and serve it.
            process.stderr.write(`loupe: the demo workspace could not be created (${(error as Error).message})\n`);
          }
        }
        if (team) await team.ensureAdmin(workstation.services.users);
        const host = await startHost({ workstation, port: team?.port ?? port, rendererDir, team: team?.host });
        process.stdout.write(`${host.url}\n`);
        if (team?.warning) process.stderr.write(`\n${team.warning}\n\n`);
        process.stderr.write(
          team ? `Loupe serves ${storeName(flags.db)} to the team at the address above; people sign in with their accounts (loupe users). Ctrl+C stops it.\n` : `Loupe serves ${storeName(flags.db)} at the address above. Ctrl+C stops it.\n`,
        );
        await new Promise<void>((stop) => {
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await host.close();
      } finally {
        await workstation.close();
      }
    });
}
