import { main } from './main';

// The built entry (dist-cli/casebook.mjs): `npm run casebook -- …` runs it through cli/launch.mjs.
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  tty: process.stderr.isTTY === true,
});
