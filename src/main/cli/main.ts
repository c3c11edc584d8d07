// `loupe`: the command line over the same services as the desktop app and the browser host.
import { Command, CommanderError } from 'commander';
import { LoupeError } from '../../shared/errors';
import { cliMessage } from './hints';
import { LOUPE_VERSION } from '../version';
import { importCommand } from './commands/import';
import { exportCommand } from './commands/export';
import { infoCommand, itemsCommand, renderCommand, scoreCommand } from './commands/read';
import { serveCommand } from './commands/serve';
import { demoCommand } from './commands/demo';
import { predictCommand } from './commands/predict';
import { trainCommand } from './commands/train';
import { modelsCommand } from './commands/models';
import { tuneCommand } from './commands/tune';
import { doctorCommand } from './commands/doctor';
import { addCommand, deleteCommand, renameCommand } from './commands/datasets';
import { watchCommand } from './commands/watch';
import { qaCommand, queueCommand } from './commands/loop';
import { usersCommand } from './commands/users';
import { auditCommand } from './commands/audit';
import { readingsCommand } from './commands/readings';
import { workerCommand } from './commands/worker';
import { dbCommand } from './commands/db';

export function buildProgram(): Command {
  const program = new Command('loupe')
    .description('Loupe: check and correct what a vision model saw (Severstal steel defects, RSNA head-CT haemorrhage)')
    .version(LOUPE_VERSION)
    // `loupe --version` only before a command: after one, --version is that command's own (models --import … --version <name>).
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`loupe: ${text.replace(/^error: /, '').trim()}\n`) });
  for (const command of [importCommand(), exportCommand(), scoreCommand(), itemsCommand(), renderCommand(), infoCommand(), serveCommand(), demoCommand()]) {
    program.addCommand(command);
  }
  program.addCommand(predictCommand());
  program.addCommand(trainCommand());
  program.addCommand(modelsCommand());
  program.addCommand(queueCommand());
  program.addCommand(qaCommand());
  program.addCommand(tuneCommand());
  program.addCommand(doctorCommand());
  for (const command of [addCommand(), watchCommand(), renameCommand(), deleteCommand()]) program.addCommand(command);
  program.addCommand(usersCommand());
  program.addCommand(auditCommand());
  program.addCommand(readingsCommand());
  program.addCommand(workerCommand());
  program.addCommand(dbCommand());
  // Sub-commands inherit the error handling so every failure ends as one line and a non-zero exit.
  const inherit = (cmd: Command) => {
    cmd.exitOverride().configureOutput(program.configureOutput());
    cmd.commands.forEach(inherit);
  };
  program.commands.forEach(inherit);
  return program;
}

/** Runs the CLI and returns its exit code: 0 on success, 1 on a failed command, 2 on a usage error. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its one-line message (or the help / version text).
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    }
    const json = argv.includes('--json');
    const code = (error as { code?: string }).code ?? 'internal';
    const message = cliMessage(error);
    const option = error instanceof LoupeError ? error.option : undefined;
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code, message, ...(option ? { option } : {}) } })}\n`);
    process.stderr.write(`loupe: ${message}\n`);
    return 1;
  }
}
