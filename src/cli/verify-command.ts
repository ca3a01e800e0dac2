import type { Argv } from 'yargs';
import { DEFAULTS } from '../config/defaults.js';
import { UsageError } from '../errors.js';
import { openTargetPool } from '../postgres/pool.js';
import { rerunLine } from '../progress/recorded-command.js';
import { untilStopped } from '../run/until-stopped.js';
import { summaryAsJson } from '../ui/summary.js';
import { formatReport } from '../verify/report.js';
import { verifyTables, type VerifyOutcome } from '../verify/verify.js';
import type { CommandContext, PreparedCommand } from './command-context.js';
import { optionalPositiveInt, resolveFromFlags, withCommonOptions, type CommonFlags } from './flags.js';
import { recordedCommand } from './resume-command.js';
import { stageExitCode, windowOptions, withOutput } from './run-with-output.js';
import { readSettings, withReadOptions, type ReadFlags } from './read-flags.js';

export function verifyCommandBuilder(y: Argv) {
  return withReadOptions(withCommonOptions(y))
    .option('parallel', { type: 'number', default: DEFAULTS.verifyParallel, describe: 'tables verified at once (largest first)', group: 'Run:' })
    .option('counts-only', { type: 'boolean', default: false, describe: 'compare exact row counts only (quick)', group: 'Run:' })
    .option('range-rows', { type: 'number', describe: `rows per key range compared at once (integer keys; default ${DEFAULTS.verifyRangeRows.toLocaleString('en-US')})`, group: 'Run:' })
    .option('accept-override', {
      type: 'string',
      array: true,
      describe: 'accept the differences a changed column type causes (a --type-override): name the SQL Server type (money) or schema.table.column',
      group: 'Run:',
    })
    .option('repair', {
      type: 'boolean',
      default: false,
      describe: 'reload the key ranges (or tables) found different, each range in one transaction, then compare them again',
      group: 'Run:',
    })
    .example('$0 verify', 'compare every table, row by row')
    .example('$0 verify --counts-only', 'exact row counts only')
    .example('$0 verify --accept-override money', 'money columns narrowed on purpose (--type-override money=numeric(19,2)) are not a failure')
    .example('$0 verify --repair --include dbo.Orders', 'reload what differs in dbo.Orders, then compare it again')
    .example('$0 verify --strip-nul', 'give verify the text flags sync data ran with')
    .example('$0 verify --include "dbo.Orders*" --json', 'some tables, report as JSON');
}

export type VerifyFlags = CommonFlags & {
  parallel: number;
  'counts-only': boolean;
  'range-rows'?: number;
  'accept-override'?: string[];
  /** Optional: migrate runs verify without repairing. */
  repair?: boolean;
} & ReadFlags;

/**
 * `mssql2pg verify`, checked and ready to run: flags and configuration validated first. It
 * stops like every stage, through the run's one stop signal (src/cli/interrupts.ts): its spill
 * files are removed and the report and summary printed on Ctrl-C in a terminal too.
 */
export function prepareVerifyCommand(flags: VerifyFlags, ctx: CommandContext): PreparedCommand {
  if (flags.resume || flags.reset) throw new UsageError('verify keeps no progress: --resume and --reset do not apply. Run it again instead.');
  const parallel = optionalPositiveInt(flags.parallel, '--parallel') ?? DEFAULTS.verifyParallel;
  const rangeRows = optionalPositiveInt(flags['range-rows'], '--range-rows') ?? DEFAULTS.verifyRangeRows;
  const accept = acceptOverrides(flags['accept-override']);
  // Checked here, not with yargs' .conflicts(): it counts a defaulted flag as given.
  if (flags.repair === true && flags['counts-only']) throw new UsageError('--repair needs the rows compared: it cannot run with --counts-only.');
  const config = resolveFromFlags(flags, { source: true, target: true }, ctx.invocation.cwd);
  const window = windowOptions(flags);
  // The text rewrites sync data ran with (--strip-nul etc.): verify applies them as rules of its own.
  const read = readSettings(flags);
  const command = recordedCommand(ctx.invocation, config);
  const output = { title: 'Verifying', verbose: flags.verbose, json: flags.json, rerun: rerunLine(command), signal: ctx.stop.signal };
  return {
    command: 'verify',
    async run() {
      const source = await untilStopped(ctx.source.openVerifySource(config.source, parallel), ctx.stop.signal, (s) => s.close());
      try {
        const { result: outcome, summary } = await withOutput(
          output,
          (listener, signal) =>
            verifyTables(
              { config, source, openTarget: (max) => openTargetPool(config.target, max, signal), listener, signal },
              { window, parallel, read, countsOnly: flags['counts-only'], rangeRows, acceptOverrides: accept, repair: flags.repair === true },
            ),
          async (outcome, out) => {
            await printOutcome(outcome, flags.json, (s) => void process.stdout.write(s), (summary) => out.finish(summary));
            return outcome.summary;
          },
        );
        return stageExitCode(summary, outcome.report.ok);
      } finally {
        await source.close();
      }
    },
  };
}

/** `mssql2pg verify`: 0 when every table is exact (or differs only where accepted), 1 otherwise, 130 on interrupt, 3 on a fault. */
export function runVerifyCommand(flags: VerifyFlags, ctx: CommandContext): Promise<number> {
  return prepareVerifyCommand(flags, ctx).run();
}

/** `money`, `dbo.Phone` or `dbo.Orders.Total`: a type (or alias type) or schema.table.column, never empty. */
function acceptOverrides(values: readonly string[] | undefined): string[] {
  const out = (values ?? []).map((v) => v.trim());
  const bad = out.find((v) => v === '' || v.split('.').length > 3);
  if (bad !== undefined) throw new UsageError(`--accept-override takes a SQL Server type (money) or schema.table.column (dbo.Orders.Total), got "${bad}".`);
  return out;
}

async function printOutcome(
  outcome: VerifyOutcome,
  json: boolean,
  write: (s: string) => void,
  finish: (s: VerifyOutcome['summary'] | null) => Promise<void>,
): Promise<void> {
  if (json) {
    await finish(null);
    // One JSON document on stdout: the report, with the run's summary and the report file.
    const summary = JSON.parse(summaryAsJson(outcome.summary)) as unknown;
    write(`${JSON.stringify({ ...outcome.report, report_file: outcome.reportPath, summary }, null, 2)}\n`);
    return;
  }
  await finish(outcome.summary);
  for (const line of formatReport(outcome.report)) write(`${line}\n`);
  write(`Report written to ${outcome.reportPath}\n`);
}
