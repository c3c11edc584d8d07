// `loupe`: the command line over the same services as the desktop app and the browser host.
import { Command, CommanderError } from 'commander';
import { errorMessage } from '../../shared/errors';
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

export function buildProgram(): Command {
  const program = new Command('loupe')
    .description('Loupe: check and correct what a vision model saw (Severstal steel defects, RSNA head-CT haemorrhage)')
    .version(LOUPE_VERSION)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`loupe: ${text.replace(/^error: /, '').trim()}\n`) });
  for (const command of [importCommand(), exportCommand(), scoreCommand(), itemsCommand(), renderCommand(), infoCommand(), serveCommand(), demoCommand()]) {
    program.addCommand(command);
  }
  program.addCommand(predictCommand());
  program.addCommand(trainCommand());
  program.addCommand(modelsCommand());
  program.addCommand(tuneCommand());
  program.addCommand(doctorCommand());
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
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, error: { code, message: errorMessage(error) } })}\n`);
    process.stderr.write(`loupe: ${errorMessage(error)}\n`);
    return 1;
  }
}
