/** The `npm run replay` command line: argument parsing, the replay run and `--record`. */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs as parseArgTokens, type ParseArgsConfig } from 'util';
import type { INodeParameters } from 'n8n-workflow';

import { enumerateInputs, InputError, type Delivery } from './inputs';
import { startRecorder } from './recorder';
import { jsonReport, replay, summarise, textReport, type ResultDetail } from './run';
import { InProcessTarget, MissingN8nCoreError, UrlTarget, type Target } from './targets';

/** The app secret the in-process trigger uses by default; `fixtures/recorded/` is signed with it. */
export const DEFAULT_SECRET = 'waba-replay-test-secret';
/** The in-process trigger's default verify token. */
export const DEFAULT_VERIFY_TOKEN = 'waba-replay-verify-token';

export const USAGE = `Usage:
  npx waba-replay [options] <file|dir>...       (or, in a clone: npm run replay -- ...)
  npx waba-replay --record --port <p> --out <file.ndjson> [--verify-token <t>] [--max <n>]
                    [--keep-credential-headers]

Replays webhook deliveries at the WhatsApp Business Account trigger and checks each against
its expectation (<name>.expected.json beside a payload, or "expect" on a recorded line).
Inputs: payload .json files, directories of them, .ndjson recordings (one payload or one
recorded delivery {"name"?, "headers", "body"|"bodyBase64", "expect"?} per line).

Options:
  --fixtures            also replay the fixtures bundled with this tool (Meta's documented
                        examples for every webhook field, and recorded deliveries)
  --url <url>           POST to a running n8n's webhook URL (statuses only are checked)
                        instead of the trigger run in this process through n8n-core
  --secret <s>          app secret that signs plain payloads (in-process default: the
                        harness's test secret; required with --url unless every delivery
                        is a recorded one)
  --verify-token <t>    the in-process trigger's verify token; with --record, answer
                        Meta's GET handshake with it
  --parameters <json>   node parameters of the in-process trigger, e.g.
                        '{"outputMode":"message"}' (items are then not compared)
  --concurrency <n>     deliveries in flight at once (default 1: strictly in order)
  --timeout <ms>        time to wait for each answer (default 30000)
  --no-check            ignore expectations: only require a 2xx status
  --json                print one JSON report on stdout instead of the summary
  --record              record deliveries instead of replaying (needs --port and --out)
  --port <p>            --record: loopback port to listen on (0: any free port)
  --out <file>          --record: NDJSON file to append deliveries to
  --max <n>             --record: stop after n deliveries (else on SIGINT/SIGTERM)
  --keep-credential-headers
                        --record: keep Authorization, Proxy-Authorization and Cookie
                        headers in the file (left out by default; the file is 0600)
  -h, --help            this text

Without --url the trigger runs in this process through n8n-core, which must be installed
beside the tool; --url and --record need nothing but Node 20.19 or later.

Exit status: 0 all deliveries ok, 1 any mismatch, 2 usage error or n8n-core missing.
`;

export interface Io {
	stdout: (text: string) => void;
	stderr: (text: string) => void;
	/** Whether stderr is a terminal (progress as one updating line). */
	isTTY?: boolean;
	/** The terminal's width, to keep that line on one row. */
	columns?: number;
}

const defaultIo = (): Io => ({
	stdout: (t) => void process.stdout.write(t),
	stderr: (t) => void process.stderr.write(t),
	isTTY: process.stderr.isTTY,
	columns: process.stderr.columns,
});

class UsageError extends Error {}

export interface Options {
	inputs: string[];
	url?: string;
	secret?: string;
	verifyToken?: string;
	parameters?: INodeParameters;
	concurrency: number;
	timeoutMs: number;
	check: boolean;
	json: boolean;
	record: boolean;
	keepCredentialHeaders: boolean;
	port?: number;
	out?: string;
	max?: number;
	help: boolean;
}

/**
 * The options, for node:util's parseArgs. It runs non-strict so that this module words the
 * errors (unknown option, missing value, value given to a flag, option given twice) the same
 * way for every option; the values are then checked one by one below.
 */
const OPTIONS = {
	url: { type: 'string' },
	secret: { type: 'string' },
	'verify-token': { type: 'string' },
	parameters: { type: 'string' },
	concurrency: { type: 'string' },
	timeout: { type: 'string' },
	port: { type: 'string' },
	out: { type: 'string' },
	max: { type: 'string' },
	'no-check': { type: 'boolean' },
	json: { type: 'boolean' },
	record: { type: 'boolean' },
	'keep-credential-headers': { type: 'boolean' },
	fixtures: { type: 'boolean' },
	help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

type OptionName = keyof typeof OPTIONS;

/**
 * The fixtures folder that ships with the harness: beside the package.json of the clone, or
 * of the standalone command line's package (whose build copies it in).
 */
function bundledFixtures(): string {
	for (let dir = __dirname; ; dir = path.dirname(dir)) {
		if (
			fs.existsSync(path.join(dir, 'package.json')) &&
			fs.existsSync(path.join(dir, 'fixtures', 'webhooks'))
		)
			return path.join(dir, 'fixtures');
		if (path.dirname(dir) === dir)
			throw new UsageError('--fixtures: no bundled fixtures folder was found beside this tool');
	}
}

function integer(name: string, text: string, min: number): number {
	if (!/^\d+$/.test(text) || Number(text) < min)
		throw new UsageError(`${name} must be an integer ≥ ${min}, got "${text}"`);
	return Number(text);
}

export function parseArgs(argv: readonly string[]): Options {
	const options: Options = {
		inputs: [],
		concurrency: 1,
		timeoutMs: 30000,
		check: true,
		json: false,
		record: false,
		keepCredentialHeaders: false,
		help: false,
	};
	const { tokens } = parseArgTokens({
		args: [...argv],
		options: OPTIONS,
		strict: false,
		allowPositionals: true,
		tokens: true,
	});
	const seen = new Set<string>();
	for (const token of tokens) {
		if (token.kind === 'positional') {
			options.inputs.push(token.value);
			continue;
		}
		if (token.kind === 'option-terminator') continue;
		const arg = token.rawName;
		if (!Object.hasOwn(OPTIONS, token.name)) throw new UsageError(`unknown option ${arg}`);
		const name = token.name as OptionName;
		if (OPTIONS[name].type === 'boolean') {
			if (token.value !== undefined) throw new UsageError(`${arg} takes no value`);
			if (name === 'no-check') options.check = false;
			else if (name === 'json') options.json = true;
			else if (name === 'record') options.record = true;
			else if (name === 'keep-credential-headers') options.keepCredentialHeaders = true;
			else if (name === 'fixtures') options.inputs.push(bundledFixtures());
			else options.help = true;
			continue;
		}
		if (seen.has(arg)) throw new UsageError(`${arg} given twice`);
		seen.add(arg);
		const value = token.value;
		if (value === undefined) throw new UsageError(`${arg} needs a value`);
		switch (name) {
			case 'url':
				try {
					const url = new URL(value);
					if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
				} catch {
					throw new UsageError(`--url must be an http(s) URL, got "${value}"`);
				}
				options.url = value;
				break;
			case 'secret':
				if (!value) throw new UsageError('--secret must not be empty');
				options.secret = value;
				break;
			case 'verify-token':
				options.verifyToken = value;
				break;
			case 'parameters': {
				let parsed: unknown;
				try {
					parsed = JSON.parse(value);
				} catch (error) {
					throw new UsageError(`--parameters is not JSON: ${(error as Error).message}`);
				}
				if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
					throw new UsageError('--parameters must be a JSON object');
				options.parameters = parsed as INodeParameters;
				break;
			}
			case 'concurrency':
				options.concurrency = integer(arg, value, 1);
				break;
			case 'timeout':
				options.timeoutMs = integer(arg, value, 1);
				break;
			case 'port':
				options.port = integer(arg, value, 0);
				if (options.port > 65535) throw new UsageError('--port must be at most 65535');
				break;
			case 'out':
				options.out = value;
				break;
			case 'max':
				options.max = integer(arg, value, 1);
				break;
		}
	}
	if (options.help) return options;
	if (options.record) {
		if (options.port === undefined || !options.out)
			throw new UsageError('--record needs --port and --out');
		const given = new Set(tokens.flatMap((t) => (t.kind === 'option' ? [t.rawName] : [])));
		for (const other of [
			'--url',
			'--secret',
			'--parameters',
			'--concurrency',
			'--no-check',
			'--json',
			'--fixtures',
		]) {
			if (given.has(other)) throw new UsageError(`${other} does not apply to --record`);
		}
		if (options.inputs.length) throw new UsageError('--record takes no input files');
		return options;
	}
	if (options.keepCredentialHeaders)
		throw new UsageError('--keep-credential-headers applies to --record only');
	for (const only of ['--port', '--out', '--max'])
		if (seen.has(only)) throw new UsageError(`${only} applies to --record only`);
	if (!options.inputs.length)
		throw new UsageError('no input: give payload files, directories or .ndjson recordings');
	if (options.url && options.parameters)
		throw new UsageError(
			'--parameters sets up the in-process trigger; with --url the workflow in n8n has its own',
		);
	return options;
}

const DEFAULT_PARAMETERS: Record<string, unknown> = {
	outputMode: 'change',
	invalidHandling: 'flag',
	fields: [],
	events: [],
	includeStatuses: true,
};
const ITEM_NEUTRAL = new Set(['registration', 'wabaId', 'manualNotice']);

/**
 * Whether items built with these node parameters are the ones the expectations describe
 * (default output mode, flagged invalid items, no filters). Returns why not, or null.
 */
export function parametersChangeItems(parameters: INodeParameters | undefined): string | null {
	if (!parameters) return null;
	const changed: string[] = [];
	for (const [key, value] of Object.entries(parameters)) {
		if (ITEM_NEUTRAL.has(key)) continue;
		if (key === 'options') {
			const extra = (value ?? {}) as Record<string, unknown>;
			for (const [k, v] of Object.entries(extra))
				if (!(v === '' || (Array.isArray(v) && v.length === 0))) changed.push(`options.${k}`);
			continue;
		}
		if (JSON.stringify(value) !== JSON.stringify(DEFAULT_PARAMETERS[key])) changed.push(key);
	}
	return changed.length
		? `items not compared: node parameters (${changed.join(', ')}) differ from the defaults the expectations are written for`
		: null;
}

/** Progress on stderr: one updating line on a terminal, a line every 100 deliveries otherwise. */
function progress(io: Io) {
	let last = 0;
	let failed = 0;
	let shown = false;
	return {
		update(result: ResultDetail, done: number, total: number) {
			if (!result.ok) failed++;
			if (io.isTTY) {
				const now = Date.now();
				if (done < total && now - last < 100) return;
				last = now;
				shown = true;
				io.stderr(
					'\r\x1b[2K' +
						`[${done}/${total}] ${failed} failed  ${result.source}`.slice(
							0,
							Math.max(20, (io.columns ?? 80) - 1),
						),
				);
			} else if (done % 100 === 0 && done < total) {
				io.stderr(`[${done}/${total}] ${failed} failed\n`);
			}
		},
		end() {
			if (shown) io.stderr('\r\x1b[2K');
		},
	};
}

async function runReplay(options: Options, io: Io): Promise<number> {
	let deliveries: Delivery[];
	try {
		deliveries = enumerateInputs(options.inputs);
	} catch (error) {
		if (error instanceof InputError) throw new UsageError(error.message);
		throw error;
	}
	if (!deliveries.length)
		throw new UsageError(`no deliveries found in ${options.inputs.join(', ')}`);
	const needsSecret = deliveries.some((d) => d.kind === 'payload' && !d.error);
	let secret = options.secret;
	if (options.url) {
		if (secret === undefined && needsSecret)
			throw new UsageError(
				'--url needs --secret (the app secret of the n8n credential) to sign plain payloads',
			);
	} else {
		secret ??= DEFAULT_SECRET;
	}

	const itemsReason = parametersChangeItems(options.parameters);
	const started = Date.now();
	let target: Target;
	if (options.url) {
		target = new UrlTarget(options.url, options.concurrency, options.timeoutMs);
	} else {
		target = await InProcessTarget.start({
			secret: secret as string,
			verifyToken: options.verifyToken ?? DEFAULT_VERIFY_TOKEN,
			parameters: options.parameters,
			workers: options.concurrency,
			timeoutMs: options.timeoutMs,
		});
	}
	const bar = progress(io);
	let results: ResultDetail[];
	try {
		results = await replay(deliveries, {
			target,
			secret,
			check: options.check,
			checkItems: itemsReason === null,
			...(itemsReason ? { itemsUncheckedReason: itemsReason } : {}),
			onResult: (r, done, total) => bar.update(r, done, total),
		});
	} finally {
		bar.end();
		await target.close();
	}
	const summary = summarise(results, target.kind, Date.now() - started);
	// Nothing in a report comes from the secrets; still, a delivery quoting one (in its body,
	// hence its items) must not print it. Too short a value cannot be told from ordinary text.
	const secrets = [secret, options.verifyToken ?? (options.url ? undefined : DEFAULT_VERIFY_TOKEN)]
		.filter((s): s is string => !!s && s.length >= 8)
		.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]);
	const scrub = (text: string) => secrets.reduce((t, s) => t.split(s).join('<redacted>'), text);
	if (options.json) io.stdout(scrub(JSON.stringify(jsonReport(summary, results), null, 2)) + '\n');
	else io.stdout(scrub(textReport(summary, results)));
	return summary.failed ? 1 : 0;
}

async function runRecord(options: Options, io: Io): Promise<number> {
	const recorder = await startRecorder({
		port: options.port as number,
		out: options.out as string,
		...(options.verifyToken ? { verifyToken: options.verifyToken } : {}),
		...(options.max ? { max: options.max } : {}),
		keepCredentialHeaders: options.keepCredentialHeaders,
		onRecord: (line, count) => io.stderr(`recorded #${count}: ${line.name}\n`),
	});
	io.stderr(
		`Recording deliveries posted to ${recorder.url} into ${options.out}` +
			`${options.max ? ` (stops after ${options.max})` : ''}; Ctrl-C to stop\n`,
	);
	const stop = () => void recorder.close();
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	try {
		const count = await recorder.done;
		io.stderr(`Recorded ${count} ${count === 1 ? 'delivery' : 'deliveries'} into ${options.out}\n`);
	} finally {
		process.off('SIGINT', stop);
		process.off('SIGTERM', stop);
	}
	return 0;
}

/** Runs the command line; resolves with the exit status (0 ok, 1 mismatch, 2 usage error). */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
	try {
		const options = parseArgs(argv);
		if (options.help) {
			io.stdout(USAGE);
			return 0;
		}
		return options.record ? await runRecord(options, io) : await runReplay(options, io);
	} catch (error) {
		if (error instanceof UsageError) {
			io.stderr(`replay: ${error.message}\n\n${USAGE}`);
			return 2;
		}
		if (error instanceof MissingN8nCoreError) {
			io.stderr(`replay: ${error.message}\n`);
			return 2;
		}
		throw error;
	}
}
