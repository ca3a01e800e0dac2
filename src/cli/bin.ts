#!/usr/bin/env node
/**
 * The installed `mssql2pg` command. It checks the Node version before importing anything else:
 * tedious 20 and the rest need Node 22.12 or newer, and on an older Node they fail at import with
 * errors that do not say why. A static import would load them before this check could run.
 */
const MINIMUM = [22, 12] as const;
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < MINIMUM[0] || (major === MINIMUM[0] && minor < MINIMUM[1])) {
  process.stderr.write(
    `Error: mssql2pg needs Node.js ${MINIMUM.join('.')} or newer; this is ${process.version}. ` +
      'Install Node 22 LTS, or run it through npm (`npm run mssql2pg -- ...`), which uses the Node 22 of the node devDependency.\n',
  );
  process.exit(2);
}
const { runAsCli } = await import('./main.js');
runAsCli();
