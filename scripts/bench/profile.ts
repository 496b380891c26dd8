/**
 * Reads a V8 CPU profile of n8n (`BENCH_N8N_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=DIR"`) and
 * prints where its CPU went: self time per package (this package, n8n's expression runtime,
 * isolated-vm, the database, ...) and the total time under the functions that matter for a
 * delivery (isolate creation, credential reads, the trigger's webhook()), from the first webhook
 * request on (n8n's start-up left out).
 *
 *   npx tsx scripts/bench/profile.ts DIR/CPU.*.cpuprofile [--per N]  (N deliveries: ms per delivery)
 *
 * `--campaign` reads the profile of the template campaign's node process instead (npm run bench
 * -- --campaign-only with NODE_OPTIONS="--cpu-prof --cpu-prof-dir=DIR": the largest profile is
 * the node's), from its first send on, with the markers of a send (`--per N`: N sends).
 */
import * as fs from 'fs';

import { REPO_ROOT } from '../lib/repoRoot';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string };
	children?: number[];
}

interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** The package a script URL belongs to (the last node_modules segment wins). */
function packageOf(url: string, functionName: string): string {
	if (!url) return functionName.startsWith('(') ? functionName : '(native)';
	if (url.startsWith('node:')) return 'node';
	const at = url.lastIndexOf('/node_modules/');
	if (at < 0)
		return url.includes('whatsapp-business-account') || url.includes(REPO_ROOT)
			? 'n8n-nodes-whatsapp-business-account'
			: '(other)';
	const rest = url.slice(at + '/node_modules/'.length).split('/');
	return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

/** Functions whose total (inclusive) time says what one delivery costs, and why. */
const MARKERS: Array<[label: string, match: (n: ProfileNode) => boolean]> = [
	[
		'expression isolates: creating and disposing (isolated-vm bridges)',
		(n) =>
			/IsolatedVmBridge|createBridge|replenish/.test(n.callFrame.functionName) ||
			(/isolated-vm/.test(n.callFrame.url) && n.callFrame.functionName === 'dispose'),
	],
	[
		'expression isolates: acquire (incl. cold start)',
		(n) => n.callFrame.functionName === 'acquire' && n.callFrame.url.includes('expression-runtime'),
	],
	[
		'credential read (getDecrypted: database + decryption)',
		(n) =>
			n.callFrame.functionName === 'getDecrypted' && n.callFrame.url.includes('credentials-helper'),
	],
	[
		"this trigger's webhook()",
		(n) =>
			n.callFrame.functionName === 'webhook' &&
			n.callFrame.url.includes('WhatsAppBusinessAccountTrigger'),
	],
	[
		'processDelivery (signature, parse, validation, items, filters)',
		(n) => n.callFrame.functionName === 'processDelivery',
	],
	[
		"n8n's executeWebhook (all of the webhook phase)",
		(n) => n.callFrame.functionName === 'executeWebhook',
	],
	[
		'workflow executions (WorkflowExecute.processRunExecutionData)',
		(n) => n.callFrame.functionName === 'processRunExecutionData',
	],
];

/** Functions whose total time says what one send of a campaign costs, and why. */
const CAMPAIGN_MARKERS: Array<[label: string, match: (n: ProfileNode) => boolean]> = [
	[
		"n8n's request helper (httpRequestWithAuthentication: credential, axios, a new agent and connection)",
		(n) =>
			n.callFrame.functionName === 'httpRequestWithAuthentication' &&
			n.callFrame.url.includes('n8n-core'),
	],
	[
		'a new TLS connection (tls connect: a secure context, the handshake started)',
		(n) => n.callFrame.functionName === 'connect' && n.callFrame.url.includes('tls/wrap'),
	],
	[
		'  of which a secure context per connection (createSecureContext)',
		(n) => n.callFrame.functionName === 'createSecureContext',
	],
	[
		"the handshake's end (onConnectSecure: the server's certificate checked)",
		(n) => n.callFrame.functionName === 'onConnectSecure',
	],
	[
		'this package: a row read and its message built (prepareSend)',
		(n) => n.callFrame.functionName === 'prepareSend',
	],
	[
		"this package: the Graph call (graphApiRequestFull, n8n's helper included)",
		(n) => n.callFrame.functionName === 'graphApiRequestFull',
	],
	['garbage collection', (n) => n.callFrame.functionName === '(garbage collector)'],
];

export function summarize(
	profile: Profile,
	from = 'executeWebhook',
	markerList = MARKERS,
): {
	totalMs: number;
	byPackage: Array<[string, number]>;
	markers: Array<[string, number]>;
} {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	// n8n's start-up is not a delivery's cost: count from the first sample inside `from` (a webhook request)
	const inWebhook = (id: number | undefined): boolean => {
		for (; id !== undefined; id = parent.get(id))
			if (byId.get(id)!.callFrame.functionName === from) return true;
		return false;
	};
	const first = Math.max(
		0,
		profile.samples.findIndex((id) => inWebhook(id)),
	);
	const self = new Map<number, number>();
	profile.samples.forEach((id, i) => {
		if (i >= first) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
	});
	const idle = new Set(
		profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id),
	);
	const byPackage = new Map<string, number>();
	let totalUs = 0;
	for (const [id, us] of self) {
		if (idle.has(id)) continue;
		const n = byId.get(id)!;
		const pkg = packageOf(n.callFrame.url, n.callFrame.functionName);
		byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
		totalUs += us;
	}
	// inclusive time under each marker, counted once per path (no double counting of recursion)
	const markers = markerList.map(([label, match]) => {
		let us = 0;
		const walk = (id: number, inside: boolean): number => {
			const n = byId.get(id)!;
			const counts = !inside && match(n);
			let sub = self.get(id) ?? 0;
			for (const c of n.children ?? []) sub += walk(c, inside || counts);
			if (counts) us += sub;
			return sub;
		};
		walk(profile.nodes[0].id, false);
		return [label, us / 1000] as [string, number];
	});
	return {
		totalMs: totalUs / 1000,
		byPackage: [...byPackage]
			.map(([k, v]) => [k, v / 1000] as [string, number])
			.sort((a, b) => b[1] - a[1]),
		markers,
	};
}

function main(): void {
	const args = process.argv.slice(2);
	const perAt = args.indexOf('--per');
	const per = perAt >= 0 ? Number(args[perAt + 1]) : 0;
	const files = args.filter((a, i) => a.endsWith('.cpuprofile') && i !== perAt + 1);
	const campaign = args.includes('--campaign');
	const unit = campaign ? 'send' : 'delivery';
	for (const file of files) {
		const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
		const s = campaign ? summarize(profile, 'prepareSend', CAMPAIGN_MARKERS) : summarize(profile);
		const fmt = (ms: number) =>
			per ? `${ms.toFixed(0)} ms (${(ms / per).toFixed(3)} ms per ${unit})` : `${ms.toFixed(0)} ms`;
		process.stdout.write(`${file}: ${fmt(s.totalMs)} of CPU, not idle\n  self time by package:\n`);
		for (const [pkg, ms] of s.byPackage.slice(0, 12))
			process.stdout.write(
				`    ${pkg.padEnd(40)} ${fmt(ms)} ${((100 * ms) / s.totalMs).toFixed(1)}%\n`,
			);
		process.stdout.write('  total time under:\n');
		for (const [label, ms] of s.markers)
			process.stdout.write(`    ${label.padEnd(100)} ${fmt(ms)}\n`);
	}
}

if (require.main === module) main();
