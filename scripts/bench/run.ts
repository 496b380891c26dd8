/**
 * `npm run bench`: the trigger's per-delivery cost against the physical floor (JSON.parse
 * plus HMAC-SHA256 of the same bytes), against n8n's built-in WhatsApp Trigger on n8n's own
 * webhook path (in process), memory per delivery, growth from 1 to 1000 changes; then a real
 * n8n with n8n's defaults and again with the settings the README recommends: a closed-loop run
 * on the fixtures and an open-loop status storm (a campaign's sent/delivered/read statuses,
 * inbound messages and redeliveries) at stepped rates against our trigger executing every
 * change, our trigger leaving statuses out, n8n's Webhook node (answering immediately, when
 * its last node finishes, the same in a workflow holding a credential, with Header Auth) and
 * n8n's WhatsApp Trigger.
 * The last n8n run also storms our trigger answering Meta once the execution is created, beside
 * the same trigger answering once the workflow has finished (1.1's default, used by every other
 * row of ours).
 * Ends with lines for scripts: ratio_to_floor_small, ratio_to_floor_1mb (and the same deliveries through
 * our path's first stages alone, signature to validation with no items or keys:
 * ratio_to_floor_small_validated, ratio_to_floor_1mb_validated; see anatomy.ts); ratio_to_webhook_node
 * (storm held by ours executing every change, answering when the workflow has finished ÷ by
 * n8n's Webhook node answering when its last node finishes: the same acknowledgement;
 * recommended settings) and ratio_to_webhook_node_defaults (the same with n8n's defaults);
 * ratio_to_credential_holding_webhook_node (the same, the Webhook node's workflow holding an
 * unused credential, so n8n makes its per-execution credential checks for both);
 * ratio_to_webhook_node_on_creation and ratio_to_authenticated_webhook_node (both answering once
 * the execution is created); ratio_to_webhook_node_respond_immediately (each at its default);
 * ack_finished_over_created_ours / _webhook_node (what answering after the workflow costs each);
 * closed_loop_ratio_to_webhook_node, filtered_deliveries_per_s, storm_held_per_s,
 * ack_finished_deliveries_per_s and ack_created_deliveries_per_s (with their p50/p99 there).
 *
 * Last, one more n8n counts the database queries each target costs per delivery (a count, the
 * same on a busy machine): db_queries_per_delivery_*.
 *
 * Flags: --quick (shorter budgets), --skip-n8n (no real n8n; prints NaN with the reason),
 * --defaults-only (no second n8n), --queries-only (only the query count), --verbose (one row
 * per fixture), --in-process-only (part 1 alone, ours against the floor, then the two
 * ratio_to_floor lines: about a minute, for comparing two builds of the path; run them one
 * after the other, each more than once), --campaign-only (section 5 alone: the template campaign,
 * 10,000 sends from a number at 80 a second, 200 sequential ones, then 100,000 from a number at
 * 1,000 a second, against the Graph stand-in over TLS; about 5 minutes, --quick about a minute).
 */
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';

import { fixtureDeliveries, generatedBatch, type Delivery } from './corpus';
import { REPO_ROOT } from '../lib/repoRoot';
import { flaggedGrowth } from './flagged';
import { fmtBytes, fmtUs, pairAsync, pairSync, table, type Stats } from './measure';
import { linearFit, sum } from '../lib/stats';
import { BENCH_APP_SECRET, findN8n, signedHeaders, webhookRunners } from './n8nWebhookPath';
import { statusStorm } from './campaign';
import { dbQueriesPerDelivery, type QueryCounts } from './dbQueries';
import { flowEndpointBench, type FlowEndpointResult } from './flowEndpoint';
import { realN8nBench, type RealN8nResult, type StormTarget } from './realN8n';
import { templateCampaign } from './templateCampaign';
import { floorFn, stageRatios, wholeFn } from './anatomy';
import { DEFAULT_DELIVERY_OPTIONS, processDelivery } from './shipped';

/** What the README recommends for n8n 2.x: build an expression isolate only when an expression needs one. */
const RECOMMENDED_N8N_ENV = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' };

const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const VERBOSE = args.has('--verbose');
const IN_PROCESS_ONLY = args.has('--in-process-only');
const log = (text = '') => process.stdout.write(text + '\n');
const note = (text: string) => process.stderr.write(`[bench] ${text}\n`);

interface Row {
	d: Delivery;
	floor: Stats;
	ours: Stats;
}

function checkAccepted(d: Delivery) {
	const result = processDelivery(
		d.raw,
		signedHeaders(d.raw),
		BENCH_APP_SECRET,
		DEFAULT_DELIVERY_OPTIONS,
	);
	return result.status;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
const fx = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'NaN');

/** The machine is shared: the 1, 5 and 15 minute load averages say how busy it was. */
const loadAverage = () =>
	os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(' ');

function machine(): string {
	let model = os.cpus()[0]?.model ?? 'unknown CPU';
	const lscpu = spawnSync('lscpu', [], { encoding: 'utf8' });
	const m = /^Model name:\s*(.+)$/m.exec(lscpu.stdout ?? '');
	if (m) model = m[1].trim();
	return `${model}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

async function main() {
	const root = REPO_ROOT;
	const started = Date.now();
	log(`# WhatsApp Business Account trigger: benchmark`);
	log(`machine: ${machine()}`);
	log(`load average at the start: ${loadAverage()}`);
	log('');
	if (args.has('--queries-only')) {
		const install = findN8n();
		printQueryCounts('reason' in install ? install : await measureQueries(root, install));
		return;
	}
	if (args.has('--campaign-only')) {
		await printCampaign();
		return;
	}
	if (args.has('--flow-only')) {
		printFlowEndpoint(await measureFlowEndpoint(root));
		return;
	}

	// ---- corpus ----
	const fixtures = fixtureDeliveries();
	const sizes = [1, 10, 100, 1000];
	const generated = sizes.map((n) => generatedBatch(n));
	const refused = [...fixtures, ...generated].filter((d) => checkAccepted(d) !== 200);
	if (refused.length)
		note(`refused by our path (measured anyway): ${refused.map((d) => d.name).join(', ')}`);
	log(
		`corpus: ${fixtures.length} fixture deliveries (${fmtBytes(sum(fixtures.map((d) => d.raw.length)))}), generated messages batches of ${sizes.join('/')} changes (${generated.map((d) => fmtBytes(d.raw.length)).join(' / ')})`,
	);
	log('');

	// ---- 1. ours vs the floor, interleaved ----
	const small = {
		warmupMs: QUICK ? 5 : 20,
		budgetMs: QUICK ? 15 : 60,
		minSamples: 10,
		maxSamples: 400,
		minSampleNs: 100_000,
	};
	const large = {
		warmupMs: QUICK ? 100 : 400,
		budgetMs: QUICK ? 800 : 4000,
		minSamples: 30,
		maxSamples: 4000,
		minSampleNs: 0,
	};
	// warm every path once before anything is timed
	for (let i = 0; i < 3; i++) {
		for (const d of [...fixtures, ...generated]) {
			floorFn(d)();
			wholeFn(d)();
		}
	}
	const rows: Row[] = [];
	for (const d of [...fixtures, ...generated]) {
		const big = d.raw.length > 64 * 1024;
		const [floor, ours] = pairSync(floorFn(d), wholeFn(d), big ? large : small);
		rows.push({ d, floor, ours });
	}
	const fixtureRows = rows.filter((r) => r.d.group === 'fixture');
	const genRows = rows.filter((r) => r.d.group === 'generated');
	const groupOf = (r: Row) =>
		r.d.group === 'generated' ? r.d.name : 'fixtures/' + r.d.name.split(path.sep)[0];
	const groups = new Map<string, Row[]>();
	for (const r of rows) groups.set(groupOf(r), [...(groups.get(groupOf(r)) ?? []), r]);

	const groupRow = (name: string, rs: Row[]) => {
		const ratios = rs.map((r) => ratio(r.ours.median, r.floor.median)).sort((a, b) => a - b);
		return [
			name,
			String(rs.length),
			fmtBytes(sum(rs.map((r) => r.d.raw.length)) / rs.length),
			fmtUs(sum(rs.map((r) => r.floor.median)) / rs.length),
			fmtUs(sum(rs.map((r) => r.ours.median)) / rs.length),
			fmtUs(sum(rs.map((r) => r.ours.p99)) / rs.length),
			fx(ratio(sum(rs.map((r) => r.ours.median)), sum(rs.map((r) => r.floor.median)))) + '×',
			fx(ratios[ratios.length - 1]) + '×',
		];
	};
	log(
		'## 1. Our full path per delivery against the floor (JSON.parse + HMAC-SHA256 of the same bytes)',
	);
	log(
		'(per-delivery medians, µs; floor and ours interleaved; ratio = Σ ours / Σ floor over the group; worst = highest single-delivery ratio)',
	);
	log('');
	const tableRows = [...groups].map(([name, rs]) => groupRow(name, rs));
	if (VERBOSE) for (const r of fixtureRows) tableRows.push(groupRow('  ' + r.d.name, [r]));
	tableRows.push(groupRow('all fixtures + messages × 1', [...fixtureRows, genRows[0]]));
	log(
		table(
			['deliveries', 'n', 'mean size', 'floor µs', 'ours µs', 'ours p99 µs', 'ratio', 'worst'],
			tableRows,
		),
	);
	log('');
	const smallRows = [...fixtureRows, genRows[0]];
	const ratioSmall = ratio(
		sum(smallRows.map((r) => r.ours.median)),
		sum(smallRows.map((r) => r.floor.median)),
	);
	const oneMb = genRows[genRows.length - 1];
	const ratio1mb = ratio(oneMb.ours.median, oneMb.floor.median);
	// the ratios are wall-clock medians: the load while they were taken says how far to trust them
	const loadAtRatios = loadAverage();

	// ---- where the cost above the floor goes: the path's first stages alone ----
	const stageOptions = (d: Delivery) => (d.raw.length > 64 * 1024 ? large : small);
	const stagesSmall = stageRatios(
		smallRows.map((r) => r.d),
		floorFn,
		stageOptions,
	);
	const stages1mb = stageRatios([oneMb.d], floorFn, stageOptions);
	log(
		'## Where the cost above the floor goes (the same deliveries, each stage interleaved with the floor)',
	);
	log('');
	log(
		table(
			['stages of our path', 'small ratio', '1 MB ratio'],
			[
				[
					'signature, one UTF-8 decoding, exact-id parse',
					fx(stagesSmall.parsed, 3),
					fx(stages1mb.parsed, 3),
				],
				[
					'the same + validation (the verdict)',
					fx(stagesSmall.validated, 3),
					fx(stages1mb.validated, 3),
				],
				[
					'the same + every de-duplication key (the least any implementation costs)',
					fx(stagesSmall.keyed, 3),
					fx(stages1mb.keyed, 3),
				],
				['whole path: + items and filters', fx(ratioSmall, 3), fx(ratio1mb, 3)],
			],
		),
	);
	log('');
	const logFloorRatios = () => {
		log(
			`# ratio_to_floor_* measured at load average ${loadAtRatios} (1, 5, 15 min) on ${os.cpus().length} cores`,
		);
		log(`ratio_to_floor_small=${fx(ratioSmall, 3)}`);
		log(`ratio_to_floor_1mb=${fx(ratio1mb, 3)}`);
		// the path without items and keys: a goal below these is validation's own cost
		log(`ratio_to_floor_small_validated=${fx(stagesSmall.validated, 3)}`);
		log(`ratio_to_floor_1mb_validated=${fx(stages1mb.validated, 3)}`);
		// ...and with every key computed too: the least this path can cost, items aside
		log(`ratio_to_floor_small_keyed=${fx(stagesSmall.keyed, 3)}`);
		log(`ratio_to_floor_1mb_keyed=${fx(stages1mb.keyed, 3)}`);
	};

	// ---- linearity ----
	const xs = genRows.map((r) => r.d.changes);
	const fit = linearFit(
		xs,
		genRows.map((r) => r.ours.median),
	);
	const perChange = genRows.map((r) => r.ours.median / r.d.changes);
	const perByte = genRows.map((r) => r.ours.median / r.d.raw.length);
	log('## Growth from 1 to 1000 changes (generated messages batches)');
	log('');
	log(
		table(
			[
				'changes',
				'bytes',
				'ours µs',
				'ours p99 µs',
				'floor µs',
				'µs per change',
				'ns per byte',
				'ratio to floor',
			],
			genRows.map((r, i) => [
				String(r.d.changes),
				String(r.d.raw.length),
				fmtUs(r.ours.median),
				fmtUs(r.ours.p99),
				fmtUs(r.floor.median),
				fx(perChange[i] / 1000, 3),
				fx(perByte[i], 2),
				fx(ratio(r.ours.median, r.floor.median)) + '×',
			]),
		),
	);
	const growth = perChange[3] / perChange[2];
	log('');
	log(
		`linear fit: time = ${fmtUs(fit.intercept)} µs + ${fx(fit.slope / 1000, 3)} µs × changes, R² = ${fx(fit.r2, 5)}; per-change cost at 1000 ÷ at 100 = ${fx(growth)} (1.00 = linear)`,
	);
	log('');

	if (IN_PROCESS_ONLY) {
		log(`load average at the end: ${loadAverage()}`);
		logFloorRatios();
		return;
	}

	// ---- many validation findings per delivery ----
	flaggedGrowth(log, QUICK);

	// ---- memory (child with --expose-gc) ----
	log('## Memory per delivery (child process, --expose-gc, no GC during a measured batch)');
	log('');
	// TypeScript through tsx, as this process runs
	const mem = spawnSync(
		process.execPath,
		[
			'--import',
			'tsx',
			'--expose-gc',
			'--min-semi-space-size=128',
			'--max-semi-space-size=128',
			path.join(__dirname, 'memory.ts'),
		],
		{
			cwd: REPO_ROOT,
			encoding: 'utf8',
			timeout: 5 * 60_000,
		},
	);
	if (mem.status === 0) {
		const m = JSON.parse(mem.stdout.trim().split('\n').pop()!) as Record<
			string,
			Record<string, number>
		>;
		log(
			table(
				[
					'deliveries',
					'mean size',
					'ours allocated',
					'floor allocated',
					'alloc ratio',
					'ours retained',
					'floor retained',
				],
				Object.entries(m).map(([name, v]) => [
					name,
					fmtBytes(v.bytes),
					fmtBytes(v.oursAllocated),
					fmtBytes(v.floorAllocated),
					fx(ratio(v.oursAllocated, v.floorAllocated)) + '×',
					fmtBytes(v.oursRetained),
					fmtBytes(v.floorRetained),
				]),
			),
		);
	} else {
		log(
			`memory measurement failed: ${(mem.stderr || mem.error?.message || '').trim().slice(0, 500)}`,
		);
	}
	log('');

	// ---- n8n's built-in WhatsApp Trigger, in process ----
	log("## n8n's webhook path in process: built-in WhatsApp Trigger against ours, same deliveries");
	const install = findN8n();
	let realResult: RealN8nResult | { reason: string };
	let queries: QueryCounts | { reason: string } = { reason: 'no real n8n' };
	let defaultsResult: RealN8nResult | { reason: string } | undefined;
	if ('reason' in install) {
		log(`not run: ${install.reason}`);
		realResult = { reason: install.reason };
	} else {
		try {
			const runners = webhookRunners(install.n8nDir);
			log(
				`(${runners.versions} from ${install.n8nDir}; per delivery: n8n's JSON body parse + n8n-core WebhookContext + the node's webhook(); both get the same raw bytes, headers and app secret)`,
			);
			log('');
			const builtinRows: Array<{ d: Delivery; builtin: Stats; ours: Stats; failed: boolean }> = [];
			const asyncSmall = { ...small, budgetMs: QUICK ? 10 : 40, maxSamples: 200 };
			const asyncLarge = { ...large, budgetMs: QUICK ? 600 : 2500 };
			for (const d of [...fixtures, ...generated]) {
				const headers = signedHeaders(d.raw);
				let failed = false;
				const builtin = async () => {
					try {
						return await runners.builtin.run(d.raw, headers);
					} catch {
						failed = true; // e.g. an entry without changes: the built-in node throws
						return 0;
					}
				};
				const ours = () => runners.ours.run(d.raw, headers);
				const [b, o] = await pairAsync(
					builtin,
					ours,
					d.raw.length > 64 * 1024 ? asyncLarge : asyncSmall,
				);
				builtinRows.push({ d, builtin: b, ours: o, failed });
			}
			const bGroups = new Map<string, typeof builtinRows>();
			for (const r of builtinRows) {
				const g = r.d.group === 'generated' ? r.d.name : 'fixtures/' + r.d.name.split(path.sep)[0];
				bGroups.set(g, [...(bGroups.get(g) ?? []), r]);
			}
			log(
				table(
					['deliveries', 'n', 'built-in µs', 'ours µs', 'ours ÷ built-in', 'built-in threw'],
					[...bGroups].map(([name, rs]) => [
						name,
						String(rs.length),
						fmtUs(sum(rs.map((r) => r.builtin.median)) / rs.length),
						fmtUs(sum(rs.map((r) => r.ours.median)) / rs.length),
						fx(ratio(sum(rs.map((r) => r.ours.median)), sum(rs.map((r) => r.builtin.median)))) +
							'×',
						String(rs.filter((r) => r.failed).length),
					]),
				),
			);
			log('');
			log(
				'(the built-in node checks the signature and flattens changes; it does not validate, filter by anything but status, or make dedup keys)',
			);
		} catch (error) {
			log(
				`not run: loading n8n's built-in WhatsApp Trigger from ${install.n8nDir} failed: ${(error as Error).message}`,
			);
		}
		log('');

		// ---- 2. real n8n ----
		log(
			"## 2. Real n8n with n8n's defaults: signed POSTs to our trigger against the plain Webhook node, same instance, same payloads",
		);
		if (args.has('--skip-n8n')) {
			realResult = { reason: 'skipped (--skip-n8n)' };
			log('not run: skipped (--skip-n8n)');
		} else {
			const storm = statusStorm({ outbound: QUICK ? 500 : 2000 });
			try {
				realResult = await realN8nBench({
					root,
					install,
					fixtures,
					generated: generated.filter((d) => d.changes >= 1000),
					storm,
					quick: QUICK,
					// the acknowledgement comparison runs once, in the last n8n of the run
					compareAcknowledgement: args.has('--defaults-only'),
					log,
					note,
				});
			} catch (error) {
				realResult = { reason: (error as Error).message };
				log(`not run: ${(error as Error).message}`);
			}
			defaultsResult = realResult;
			if (!('reason' in realResult) && !args.has('--defaults-only')) {
				log('');
				log(
					`## 3. The same in n8n with the settings the README recommends: ${Object.entries(
						RECOMMENDED_N8N_ENV,
					)
						.map(([k, v]) => `${k}=${v}`)
						.join(' ')}`,
				);
				log(
					"(n8n 2.x takes a fresh isolated-vm isolate for the webhook phase of every trigger but its own Webhook node, another to read a credential and another per execution; lazily, only an expression that needs one builds it. See the README's Benchmarks.)",
				);
				try {
					realResult = await realN8nBench({
						root,
						install,
						fixtures,
						generated: [],
						storm,
						quick: QUICK,
						env: RECOMMENDED_N8N_ENV,
						compareAcknowledgement: true,
						log,
						note,
					});
				} catch (error) {
					log(`not run: ${(error as Error).message}`);
				}
			}
			log('');
			queries = await measureQueries(root, install);
		}
	}
	const skipped = { reason: 'not run (--in-process-only or --skip-n8n)' };
	let flowEndpoint: { defaults: FlowEndpointRun; recommended: FlowEndpointRun } = {
		defaults: skipped,
		recommended: skipped,
	};
	if (!IN_PROCESS_ONLY && !args.has('--skip-n8n')) flowEndpoint = await measureFlowEndpoint(root);
	log('');
	log(`elapsed: ${((Date.now() - started) / 1000).toFixed(0)} s`);
	log('');
	logFloorRatios();
	if ('reason' in realResult)
		log(`# ratio_to_webhook_node not measured: ${realResult.reason.replace(/\n/g, ' ')}`);
	log(
		'# ours in storm_held_per_s: trigger 1.1 executing every change, answering Meta when the workflow has finished (its default)',
	);
	log(
		'# every ratio_to_*webhook_node* compares two answers given at the same point unless its name says otherwise',
	);
	// storm deliveries per second held by one target ÷ by another, same instance, same run
	const heldRatio = (
		r: RealN8nResult | { reason: string },
		target: StormTarget,
		base: StormTarget,
	) => ('reason' in r ? NaN : r.stormHeld[target] / r.stormHeld[base]);
	// (a) ÷ (c3): ours answering when the workflow has finished ÷ the Webhook node answering when its last node finishes
	log(`ratio_to_webhook_node=${fx(heldRatio(realResult, 'ours', 'webhookLastNode'), 3)}`);
	if (defaultsResult && defaultsResult !== realResult)
		log(
			`ratio_to_webhook_node_defaults=${fx(heldRatio(defaultsResult, 'ours', 'webhookLastNode'), 3)}`,
		);
	// (a) ÷ (c4): the same, the Webhook node's workflow holding a credential it never uses, so that
	// n8n makes for it the two checks per execution it makes for ours: what is left is the nodes'
	log(
		`ratio_to_credential_holding_webhook_node=${fx(heldRatio(realResult, 'ours', 'webhookCredentialHeld'), 3)}`,
	);
	// (a2) ÷ (c): both answering once the execution is created (the Webhook node's default, "Immediately")
	log(
		`ratio_to_webhook_node_on_creation=${fx(heldRatio(realResult, 'oursCreated', 'webhook'), 3)}`,
	);
	// (a2) ÷ (c2): the same, against the Webhook node checking a Header Auth credential, as ours checks the signature
	log(
		`ratio_to_authenticated_webhook_node=${fx(heldRatio(realResult, 'oursCreated', 'webhookAuth'), 3)}`,
	);
	// (a) ÷ (c): each node at its default, different guarantees (ours answers after the workflow, the Webhook node before)
	log(
		`ratio_to_webhook_node_respond_immediately=${fx(heldRatio(realResult, 'ours', 'webhook'), 3)}`,
	);
	// what answering after the workflow costs each node, held when finished ÷ when created: n8n's share, not a node's
	log(`ack_finished_over_created_ours=${fx(heldRatio(realResult, 'ours', 'oursCreated'), 3)}`);
	log(
		`ack_finished_over_created_webhook_node=${fx(heldRatio(realResult, 'webhookLastNode', 'webhook'), 3)}`,
	);
	log(
		`closed_loop_ratio_to_webhook_node=${'reason' in realResult ? 'NaN' : fx(realResult.closedLoopRatio, 3)}`,
	);
	log(
		`filtered_deliveries_per_s=${'reason' in realResult ? 'NaN' : realResult.stormHeld.filtered}`,
	);
	log(`storm_held_per_s=${'reason' in realResult ? 'NaN' : realResult.stormHeld.ours}`);
	// the acknowledgement modes, same instance, same storm (the last n8n of the run)
	for (const [name, key] of [
		['finished', 'ours'],
		['created', 'oursCreated'],
	] as const) {
		const held = 'reason' in realResult ? NaN : realResult.stormHeld[key];
		const lat = 'reason' in realResult ? { p50Ms: NaN, p99Ms: NaN } : realResult.stormLatency[key];
		log(`ack_${name}_deliveries_per_s=${held}`);
		log(`ack_${name}_p50_ms=${fx(lat.p50Ms, 0)} ack_${name}_p99_ms=${fx(lat.p99Ms, 0)}`);
	}
	printQueryCounts(queries);
	printFlowEndpoint(flowEndpoint);
	if (!IN_PROCESS_ONLY) {
		log('');
		await printCampaign();
	}
}

type FlowEndpointRun = FlowEndpointResult | { reason: string };

/**
 * The Flow endpoint trigger against the Webhook node in a real n8n of its own
 * (scripts/bench/flowEndpoint.ts): with n8n's defaults, then with the recommended setting.
 */
async function measureFlowEndpoint(
	root: string,
): Promise<{ defaults: FlowEndpointRun; recommended: FlowEndpointRun }> {
	log('');
	log(
		"## 4. WhatsApp Flow Endpoint Trigger in real n8n: one encrypted data_exchange request (decryption, a one-node workflow, encryption) against n8n's Webhook node answering its last node, same bytes, one at a time, interleaved",
	);
	const install = findN8n();
	if ('reason' in install) {
		log(`not run: ${install.reason}`);
		return { defaults: install, recommended: install };
	}
	const run = async (label: string, env?: Record<string, string>): Promise<FlowEndpointRun> => {
		try {
			const r = await flowEndpointBench({ root, install, quick: QUICK, env, note });
			log(
				`${label}: ours p50 ${fx(r.p50Ms, 1)} ms p99 ${fx(r.p99Ms, 1)} ms; Webhook node p50 ${fx(r.webhookP50Ms, 1)} ms p99 ${fx(r.webhookP99Ms, 1)} ms; ${r.samples} samples each`,
			);
			return r;
		} catch (error) {
			log(`${label}: not run: ${(error as Error).message}`);
			return { reason: (error as Error).message };
		}
	};
	const defaults = await run("n8n's defaults");
	const recommended = await run(
		`recommended setting (${Object.entries(RECOMMENDED_N8N_ENV)
			.map(([k, v]) => `${k}=${v}`)
			.join(' ')})`,
		RECOMMENDED_N8N_ENV,
	);
	return { defaults, recommended };
}

function printFlowEndpoint(runs: { defaults: FlowEndpointRun; recommended: FlowEndpointRun }) {
	log(
		"# flow_endpoint: the Flow endpoint trigger's latency in real n8n with the recommended setting (_defaults: n8n's defaults); ratio = the Webhook node's median ÷ ours (requests per second one at a time, ours as a share)",
	);
	for (const [suffix, r] of [
		['', runs.recommended],
		['_defaults', runs.defaults],
	] as const) {
		if ('reason' in r) {
			log(`# flow_endpoint${suffix} not measured: ${r.reason.replace(/\n/g, ' ')}`);
			continue;
		}
		log(
			`flow_endpoint_p50_ms${suffix}=${fx(r.p50Ms, 1)} flow_endpoint_p99_ms${suffix}=${fx(r.p99Ms, 1)}`,
		);
		log(`flow_endpoint_ratio_to_webhook_node${suffix}=${fx(r.ratio, 3)}`);
	}
}

/**
 * The template campaign at both of Meta's throughput levels, against a 250 ms stand-in over TLS:
 * 10,000 rows from a STANDARD number (80 a second; --quick: 2,000), then 100,000 from a HIGH one
 * (1,000 a second; --quick: 10,000), the node reading the level and pacing at it.
 */
async function printCampaign() {
	const sends = Number(process.env.CAMPAIGN_SENDS) || (QUICK ? 2_000 : 10_000);
	const highSends = Number(process.env.CAMPAIGN_HIGH_SENDS) || (QUICK ? 10_000 : 100_000);
	const sequentialSends = QUICK ? 50 : 200;
	log(
		`## 5. Template campaign: Message > Send Template on the rows of one execution (the action node in a process of its own, n8n-core's ExecuteContext, trusting the stand-in's authority through NODE_EXTRA_CA_CERTS), Graph stand-in in another process over TLS on loopback with 250 ms latency, enforcing the number's throughput level (130429 beyond), which the node reads`,
	);
	const standard = await templateCampaign({
		sends,
		level: 'STANDARD',
		latencyMs: 250,
		sequentialSends,
	});
	const high = await templateCampaign({ sends: highSends, level: 'HIGH', latencyMs: 250 });
	for (const r of [standard, high])
		log(
			`${r.level} (${r.limit}/s): ${r.sends} sends in ${(r.durationMs / 1000).toFixed(1)} s, ${fx(r.sendsPerS, 1)}/s; items not accepted: ${r.failedItems}; heap ${fmtBytes(r.heapBeforeBytes)} before (n8n loaded, rows built), peak ${fmtBytes(r.peakHeapBytes)}, peak RSS ${fmtBytes(r.peakRssBytes)}; CPU ${fx(r.cpuMsPerSend, 3)} ms per send (stand-in ${fx(r.graphCpuMsPerSend, 3)}); load ${fx(r.loadAtStart, 2)}..${fx(r.loadAtEnd, 2)}`,
		);
	log(
		`sequential (Requests In Flight 1) measured on ${sequentialSends} sends: a 10,000-send sequential run at 250 ms would take over 40 minutes`,
	);
	log('');
	log(`campaign_sends_per_s=${fx(standard.sendsPerS, 2)}`);
	log(`campaign_ratio_to_limit=${fx(standard.ratioToLimit, 3)}`);
	log(`campaign_lost=${standard.lost}`);
	log(`campaign_duplicates=${standard.duplicates}`);
	log(`campaign_130429_answers=${standard.throughputAnswers}`);
	log(`campaign_peak_rss_bytes=${standard.peakRssBytes}`);
	log(`campaign_peak_heap_bytes=${standard.peakHeapBytes}`);
	log(`campaign_sequential_sends_per_s=${fx(standard.sequentialSendsPerS ?? NaN, 2)}`);
	// the node's CPU per send × the limit near one core, or a load above the core count: the machine, not the pacer, held the pace
	log(`campaign_cpu_ms_per_send=${fx(standard.cpuMsPerSend, 3)}`);
	log(`campaign_cpu_share_at_limit=${fx((standard.cpuMsPerSend * standard.limit) / 1000, 3)}`);
	log(`campaign_graph_cpu_ms_per_send=${fx(standard.graphCpuMsPerSend, 3)}`);
	log(`campaign_load_average=${fx(standard.loadAtStart, 2)}..${fx(standard.loadAtEnd, 2)}`);
	// memory per row over the input's own size, from the larger run (the heap's fixed part spread thinner)
	log(`campaign_heap_bytes_per_row=${fx(high.heapBytesPerRow, 0)}`);
	log(`campaign_heap_bytes_per_row_standard=${fx(standard.heapBytesPerRow, 0)}`);
	log(`campaign_retained_bytes_per_row=${fx(high.retainedBytesPerRow, 0)}`);
	if (high.sends === 100_000) log(`campaign_100k_peak_heap_bytes=${high.peakHeapBytes}`);
	else log(`# campaign_100k_peak_heap_bytes not measured: ${high.sends} rows (--quick)`);
	log(`campaign_ratio_to_limit_1000=${fx(high.ratioToLimit, 3)}`);
	log(`campaign_sends_per_s_1000=${fx(high.sendsPerS, 2)}`);
	log(`campaign_lost_1000=${high.lost}`);
	log(`campaign_duplicates_1000=${high.duplicates}`);
	log(`campaign_130429_answers_1000=${high.throughputAnswers}`);
	log(`campaign_cpu_ms_per_send_1000=${fx(high.cpuMsPerSend, 3)}`);
	// the share of one core 1,000 sends a second take, and the rate one core holds at this CPU per send
	log(`campaign_cpu_share_at_limit_1000=${fx((high.cpuMsPerSend * high.limit) / 1000, 3)}`);
	log(`campaign_one_core_sends_per_s=${fx(1000 / high.cpuMsPerSend, 0)}`);
	log(`campaign_load_average_1000=${fx(high.loadAtStart, 2)}..${fx(high.loadAtEnd, 2)}`);
}

const QUERY_ROWS: Array<[keyof QueryCounts['perDelivery'], string, string]> = [
	['ours', '(a) ours, every change executed, answered when the workflow has finished', 'ours'],
	['oursCreated', '(a2) ours, answered when the execution is created', 'ours_created'],
	['filtered', '(b) ours, statuses left out (no execution)', 'filtered'],
	['webhook', "(c) n8n's Webhook node, answering immediately", 'webhook'],
	[
		'webhookLastNode',
		"(c3) n8n's Webhook node, answering when the last node finishes",
		'webhook_last_node',
	],
	[
		'webhookCredentialHeld',
		'(c4) (c3) in a workflow holding a credential it never uses',
		'webhook_credential_held',
	],
	['webhookAuth', "(c2) n8n's Webhook node with Header Auth", 'webhook_header_auth'],
];

async function measureQueries(
	root: string,
	install: Exclude<ReturnType<typeof findN8n>, { reason: string }>,
): Promise<QueryCounts | { reason: string }> {
	log(
		'## 4. Database queries per delivery (one more n8n, recommended setting, every query logged): a count, the same on a busy machine',
	);
	try {
		return await dbQueriesPerDelivery({
			root,
			install,
			storm: statusStorm({ outbound: 200 }),
			env: RECOMMENDED_N8N_ENV,
			note,
		});
	} catch (error) {
		log(`not run: ${(error as Error).message}`);
		return { reason: (error as Error).message };
	}
}

function printQueryCounts(queries: QueryCounts | { reason: string }) {
	if ('reason' in queries) {
		log(`# db_queries_per_delivery not measured: ${queries.reason.replace(/\n/g, ' ')}`);
		return;
	}
	log('');
	log(
		`(${queries.deliveries} status deliveries per target at 10/s; idle queries, ${fx(queries.idlePerS, 1)}/s, subtracted)`,
	);
	log('');
	log(
		table(
			['target', 'queries per delivery'],
			QUERY_ROWS.map(([key, label]) => [label, fx(queries.perDelivery[key], 1)]),
		),
	);
	log('');
	for (const [key, , name] of QUERY_ROWS)
		log(`db_queries_per_delivery_${name}=${fx(queries.perDelivery[key], 1)}`);
}

main().catch((error: Error) => {
	process.stderr.write(`bench: ${error.stack ?? error.message}\n`);
	process.exitCode = 1;
});
