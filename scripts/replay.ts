#!/usr/bin/env node
/**
 * Fixture-replay harness: `npm run replay -- [options] <file|dir>...` (see `--help`).
 * Replays webhook deliveries at the trigger and checks them against their expectations, or
 * records deliveries posted to a loopback port (`--record`) for later replay.
 */
import { main } from './lib/replay/cli';

// With --json, stdout carries only the report: anything else written there while the run
// goes (a library's log line) is sent to stderr instead.
const report = process.stdout.write.bind(process.stdout) as (text: string) => boolean;
if (process.argv.includes('--json')) {
	process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
}

main(process.argv.slice(2), {
	stdout: (text) => void report(text),
	stderr: (text) => void process.stderr.write(text),
	isTTY: process.stderr.isTTY,
	columns: process.stderr.columns,
}).then(
	(code) => {
		process.exitCode = code;
	},
	(error: Error) => {
		process.stderr.write(`replay: ${error.stack ?? error.message}\n`);
		process.exitCode = 1;
	},
);
