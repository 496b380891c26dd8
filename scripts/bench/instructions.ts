/**
 * `npx tsx scripts/bench/instructions.ts`: the in-process ratios of `npm run bench` for the small
 * deliveries (each stage of our path ÷ the floor) counted in CPU instructions under valgrind's
 * callgrind instead of timed. A count does not depend on how busy the machine is, so two builds
 * can be compared on a shared machine. It is not time (valgrind runs SHA-256 without the CPU's SHA
 * extensions), so the timed ratios remain the figures; this one says which way a change moves
 * them, and by how much.
 *
 * Each delivery is called over and over in a row, as the timed samples call it, so that its code
 * is as optimised as when timed; instructions per call = (count for HIGH calls − count for LOW
 * calls) ÷ (HIGH − LOW), summed over the deliveries: start-up, loading and JIT warm-up cancel out.
 * (Passes over the whole corpus instead leave each validator too cold to be optimised, and count
 * the interpreter.) The 1 MB batch is not counted: its garbage collections fall differently from
 * run to run (its floor counted 45.6 M, 61.3 M and 92.6 M in three runs, with and without
 * `--single-threaded-gc`), so it stays timed. Needs `valgrind` (apt-get install valgrind); about
 * 25 minutes on 2 cores.
 */
import { spawn } from 'child_process';
import * as os from 'os';

import { floorFn, stageFn, STAGES, wholeFn, type Stage } from './anatomy';
import { fixtureDeliveries, generatedBatch, type Delivery } from './corpus';
import type { SyncFn } from './measure';

type Contender = 'floor' | Stage | 'whole';
const CONTENDERS: Contender[] = ['floor', ...STAGES, 'whole'];
const CALLS: [low: number, high: number] = [100, 300];

/** The bench's small deliveries: every fixture and one generated change. */
const smallDeliveries = (): Delivery[] => [...fixtureDeliveries(), generatedBatch(1)];

function contenderFn(d: Delivery, contender: Contender): SyncFn {
	if (contender === 'floor') return floorFn(d);
	return contender === 'whole' ? wholeFn(d) : stageFn(d, contender);
}

/** Child: `calls` calls in a row of one contender on each small delivery. */
function runCalls(contender: Contender, calls: number) {
	for (const d of smallDeliveries()) {
		const fn = contenderFn(d, contender);
		for (let i = 0; i < calls; i++) fn();
	}
}

function countInstructions(contender: Contender, calls: number): Promise<number> {
	const args = [
		'--tool=callgrind',
		'--smc-check=all-non-file',
		'--callgrind-out-file=/dev/null',
		process.execPath,
		...process.execArgv,
		__filename,
		'--calls',
		contender,
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
					new Error(`valgrind ${contender} ${calls} calls: exit ${code}\n${stderr.slice(-2000)}`),
				);
		});
	});
}

/** Instructions of one call on every delivery of the corpus (a pass over it), steady state. */
async function perPass(contender: Contender): Promise<number> {
	const [low, high] = CALLS;
	const [a, b] = await Promise.all([
		countInstructions(contender, low),
		countInstructions(contender, high),
	]);
	return (b - a) / (high - low);
}

async function main() {
	const log = (line: string) => process.stdout.write(line + '\n');
	log(
		`# instructions per pass over the small deliveries, steady state (callgrind, ${os.cpus().length} cores; load does not change them)`,
	);
	const counts = new Map<Contender, number>();
	for (const contender of CONTENDERS) {
		counts.set(contender, await perPass(contender));
		process.stderr.write(
			`[instructions] small ${contender}: ${(counts.get(contender)! / 1e6).toFixed(1)} M\n`,
		);
	}
	const floor = counts.get('floor')!;
	for (const contender of CONTENDERS) {
		const n = counts.get(contender)!;
		log(`instructions_small_${contender}=${(n / 1e6).toFixed(2)}M`);
		if (contender !== 'floor')
			log(`instructions_ratio_to_floor_small_${contender}=${(n / floor).toFixed(3)}`);
	}
}

if (process.argv[2] === '--calls') {
	const [, contender, calls] = process.argv.slice(2);
	runCalls(contender as Contender, Number(calls));
} else {
	main().catch((error) => {
		process.stderr.write(`${(error as Error).stack}\n`);
		process.exit(1);
	});
}
