/**
 * `npx tsx scripts/bench/instructions.ts`: the in-process ratios of `npm run bench` (each stage of
 * our path ÷ the floor, over the small deliveries and over the 1 MB batch) counted in CPU
 * instructions under valgrind's callgrind instead of timed. A count does not depend on how busy
 * the machine is, so two builds can be compared on a shared machine. It is not time (valgrind
 * runs SHA-256 without the CPU's SHA extensions, which makes the floor dearer), so the timed
 * ratios remain the figures; this one says which way a change moves them, and by how much.
 *
 * Each delivery is called over and over in a row, as the timed samples call it, so that its code
 * is as optimised as when timed; instructions per call = (count for HIGH calls − count for LOW
 * calls) ÷ (HIGH − LOW), summed over the deliveries: start-up, loading and JIT warm-up cancel out.
 * (Passes over the whole corpus instead leave each validator too cold to be optimised, and count
 * the interpreter.) Needs `valgrind` (apt-get install valgrind); about 45 minutes on 2 cores
 * (`--only small` or `--only 1mb` for one corpus).
 */
import { spawn } from 'child_process';
import * as os from 'os';

import { floorFn, stageFn, STAGES, type Stage } from './anatomy';
import { fixtureDeliveries, generatedBatch, type Delivery } from './corpus';
import { BENCH_APP_SECRET, signedHeaders } from './n8nWebhookPath';
import { DEFAULT_DELIVERY_OPTIONS, processDelivery } from './shipped';
import type { SyncFn } from './measure';

type Contender = 'floor' | Stage | 'whole';
const CONTENDERS: Contender[] = ['floor', ...STAGES, 'whole'];
type Corpus = 'small' | '1mb';
// 1 MB: enough calls that the old-generation collections they cause fall alike in both counts
// (5 against 15 did not: the difference swung by ±60 M)
const CALLS: Record<Corpus, [low: number, high: number]> = { small: [100, 300], '1mb': [5, 25] };

function corpus(which: Corpus): Delivery[] {
	if (which === '1mb') return [generatedBatch(1000)];
	// the bench's small set: every fixture our path accepts, and one generated change
	const accepted = fixtureDeliveries().filter(
		(d) =>
			processDelivery(d.raw, signedHeaders(d.raw), BENCH_APP_SECRET, DEFAULT_DELIVERY_OPTIONS)
				.status === 200,
	);
	return [...accepted, generatedBatch(1)];
}

function contenderFn(d: Delivery, contender: Contender): SyncFn {
	if (contender === 'floor') return floorFn(d);
	if (contender !== 'whole') return stageFn(d, contender);
	const headers = signedHeaders(d.raw);
	return () => processDelivery(d.raw, headers, BENCH_APP_SECRET, DEFAULT_DELIVERY_OPTIONS);
}

/** Child: `calls` calls in a row of one contender on each delivery of one corpus. */
function runCalls(contender: Contender, which: Corpus, calls: number) {
	for (const d of corpus(which)) {
		const fn = contenderFn(d, contender);
		for (let i = 0; i < calls; i++) fn();
	}
}

function countInstructions(contender: Contender, which: Corpus, calls: number): Promise<number> {
	const args = [
		'--tool=callgrind',
		'--smc-check=all-non-file',
		'--callgrind-out-file=/dev/null',
		process.execPath,
		...process.execArgv,
		__filename,
		'--calls',
		contender,
		which,
		String(calls),
	];
	return new Promise((resolve, reject) => {
		const child = spawn('valgrind', args, { stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			const m = /Collected : (\d+)/.exec(stderr);
			if (code === 0 && m) resolve(Number(m[1]));
			else
				reject(
					new Error(
						`valgrind ${contender} ${which} ${calls}: exit ${code}\n${stderr.slice(-2000)}`,
					),
				);
		});
	});
}

/** Instructions of one call on every delivery of the corpus (a pass over it), steady state. */
async function perPass(contender: Contender, which: Corpus): Promise<number> {
	const [low, high] = CALLS[which];
	const [a, b] = await Promise.all([
		countInstructions(contender, which, low),
		countInstructions(contender, which, high),
	]);
	return (b - a) / (high - low);
}

async function main() {
	const log = (line: string) => process.stdout.write(line + '\n');
	log(
		`# instructions per pass over each corpus, steady state (callgrind, ${os.cpus().length} cores; load does not change them)`,
	);
	// --only small | --only 1mb: one corpus
	const only = process.argv.indexOf('--only');
	const corpora: Corpus[] = only > 0 ? [process.argv[only + 1] as Corpus] : ['small', '1mb'];
	for (const which of corpora) {
		const counts = new Map<Contender, number>();
		for (const contender of CONTENDERS) {
			counts.set(contender, await perPass(contender, which));
			process.stderr.write(
				`[instructions] ${which} ${contender}: ${(counts.get(contender)! / 1e6).toFixed(1)} M\n`,
			);
		}
		const floor = counts.get('floor')!;
		for (const contender of CONTENDERS) {
			const n = counts.get(contender)!;
			log(`instructions_${which}_${contender}=${(n / 1e6).toFixed(2)}M`);
			if (contender !== 'floor')
				log(`instructions_ratio_to_floor_${which}_${contender}=${(n / floor).toFixed(3)}`);
		}
	}
}

if (process.argv[2] === '--calls') {
	const [, contender, which, calls] = process.argv.slice(2);
	runCalls(contender as Contender, which as Corpus, Number(calls));
} else {
	main().catch((error) => {
		process.stderr.write(`${(error as Error).stack}\n`);
		process.exit(1);
	});
}
