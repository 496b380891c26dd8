// End to end in a real n8n (npm run test:e2e):
//  1. installs a pinned n8n 2.x and Node 24 into a cache outside the clone (reused),
//  2. builds (once), packs this package and installs the tarball into that n8n's user folder
//     with npm, as a self-hosted user installs a community package,
//  3. starts n8n on loopback (SQLite, its own folder and ports), creates credentials and
//     publishes workflows through n8n's public API,
//  4. trigger: handshake on the production URL, every fixture replayed over HTTP with the
//     packed replay command line (`waba-replay --fixtures --url`), then n8n's executions compared with the expected items;
//     forged and malformed deliveries must start nothing,
//  5. action node: every operation against the stateful Graph stand-in, requests, its state and items checked,
//  6. the example workflows of examples/ imported and run (scenarios/examples.ts, and the
//     chatbot against the Graph stand-in's messaging model in scenarios/chatbot.ts, and the
//     template campaign, paced against the stand-in's throughput, in scenarios/campaign.ts),
//  7. the editor in Debian's Chromium (playwright-core): both nodes found and opened, their
//     panels and the actions panel screenshotted and checked for n8n's wording,
// and always stops n8n. Exit status 1 when any check fails.
// Registration, the setup check, the examples, the chatbot and the campaign are scenarios/*.ts.
import { createHmac } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { compareItems, enumerateInputs } from '../lib/replay';
import { fetchKeptAlive, postSigned } from '../lib/metaSender';
import type { Answer } from '../lib/n8n/client';
import { installN8n, installPackage, installReplayCli, PACKAGE } from '../lib/n8n/install';
import { N8n } from '../lib/n8n/instance';
import { runTracked } from '../lib/n8n/processes';
import { nodeOutput } from '../lib/n8n/workflows';
import { sleep } from '../lib/sleep';
import { checkCommerce, setUpCommerce } from './lib/actionCommerce';
import { checkUsername, setUpUsername } from './lib/actionUsername';
import { checkFlows } from './lib/actionFlows';
import { isOAuthUpload, checkOps } from './lib/actionOps';
import { browserChecks } from './lib/browser';
import { checkList } from './lib/checks';
import { waitForHandshake } from './lib/published';
import {
	assignedUsers,
	BUSINESS_ID,
	NEW_USER_ID,
	OVERRIDE_VERIFY_TOKEN,
	phoneNumbers,
	startActionGraph,
	templates,
	VERSION,
	WABA_ID,
	type ActionGraph,
} from './lib/actionGraph';
import { actionSteps, actionWorkflow, TRIGGER_NAME, triggerWorkflow } from './lib/workflows';
import type { RecordedRequest } from '../lib/metaGraphState';
import { askChecks } from './scenarios/ask';
import { campaignChecks } from './scenarios/campaign';
import { callsChecks } from './scenarios/calls';
import { chatbotChecks } from './scenarios/chatbot';
import { shopChecks } from './scenarios/shop';
import { credentialTargetChecks } from './scenarios/credentialTargets';
import { editorChecks } from './scenarios/editor';
import { exampleChecks } from './scenarios/examples';
import { flowBookingChecks } from './scenarios/flowBooking';
import { flowEndpointChecks } from './scenarios/flowEndpoint';
import { registrationChecks } from './scenarios/registration';
import { setupCheckChecks } from './scenarios/setupCheck';
import { fromRoot, REPO_ROOT } from '../lib/repoRoot';

const OUT = fromRoot('.e2e-output');
// the recorded fixtures were signed with the replay harness's default secret; the credential must match
const SECRET = 'waba-replay-test-secret';
const VERIFY_TOKEN = 'e2e-verify-token-8a7b';
const APP_ID = '67084843893';
const ACCESS_TOKEN = 'EAAe2eSystemUserAccessToken0123456789';

const { check, step, checks } = checkList();
const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function waitForWebhook(url: string, timeoutMs = 30_000): Promise<number> {
	return await waitForHandshake(url, VERIFY_TOKEN, timeoutMs);
}

/**
 * Sends every fixture at the production URL the way the README tells users to, with the
 * replay command line packed and installed into an empty folder (no clone, no n8n-core):
 * `waba-replay --fixtures --url <url> --secret <s>` (--json for a report to check).
 */
async function replayOverHttp(
	url: string,
	nodeHome: string,
): Promise<{ status: number | null; report: Answer; stderr: string }> {
	const env = { ...process.env, PATH: `${path.join(nodeHome, 'bin')}:${process.env.PATH}` };
	const { bin } = installReplayCli(path.join(OUT, 'replay-cli'), { nodeHome, outDir: OUT });
	const run = await runTracked(bin, ['--json', '--fixtures', '--url', url, '--secret', SECRET], {
		cwd: OUT,
		env,
	});
	// stdout is the JSON report alone
	const json = run.stdout || '';
	fs.writeFileSync(path.join(OUT, 'replay-report.json'), json);
	fs.writeFileSync(path.join(OUT, 'replay-log.txt'), run.stderr || '');
	let report: Answer;
	try {
		report = JSON.parse(json);
	} catch {
		report = { results: [{ ok: false }] };
	}
	return { status: run.status, report, stderr: run.stderr || String(run.error || '') };
}

async function triggerChecks(n8n: N8n, nodeHome: string): Promise<string> {
	step('Trigger workflow (manual registration)');
	const credential = await n8n.createCredential(
		'E2E webhook',
		'whatsAppBusinessAccountWebhookApi',
		{
			appId: APP_ID,
			appSecret: SECRET,
			verifyToken: VERIFY_TOKEN,
			baseUrl: 'https://graph.facebook.com',
		},
	);
	const workflow = triggerWorkflow(credential);
	const created = await n8n.importWorkflow(workflow);
	const url = `${n8n.baseUrl}/webhook/${String(workflow.nodes[0].webhookId)}/webhook`;
	check(
		'workflow published, production webhook registered',
		(await waitForWebhook(url)) === 200,
		url,
	);

	const good = await fetch(
		`${url}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
	);
	const goodText = await good.text();
	check(
		'handshake GET with the verify token answers 200 and the challenge',
		good.status === 200 && goodText === '1158201444',
		`${good.status} ${goodText}`,
	);
	const bad = await fetch(`${url}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`);
	const badText = await bad.text();
	check(
		'handshake GET with a wrong token answers 403 with a reason',
		bad.status === 403 && /verify_token/.test(badText),
		`${bad.status} ${badText}`,
	);

	// Every delivery under fixtures/ (payload files and recorded lines), with its expectation.
	const deliveries = enumerateInputs([fromRoot('fixtures')], { secret: SECRET });
	const started = Date.now();
	const { status, report, stderr } = await replayOverHttp(url, nodeHome);
	check(
		'waba-replay --fixtures --url (packed, installed in an empty folder): every fixture sent, each answered with its expected status',
		status === 0 &&
			report.summary &&
			report.results.length === deliveries.length &&
			report.results.every((r: { ok: boolean }) => r.ok),
		`${report.results.length} of ${deliveries.length} deliveries in ${elapsed(started)}; ${report.results.filter((r: { ok: boolean }) => !r.ok).length} not ok${status ? `; ${stderr.slice(-300)}` : ''}`,
	);

	// Deliveries n8n must refuse before or in the node, beyond the fixtures' own forged ones.
	const refusals: Array<{
		name: string;
		body: string;
		sign?: boolean;
		headers?: Record<string, string>;
		status: number;
	}> = [
		{
			name: 'unsigned',
			body: '{"object":"whatsapp_business_account","entry":[]}',
			headers: {},
			status: 401,
		},
		{ name: 'wrong object, signed', body: '{"object":"page","entry":[]}', sign: true, status: 400 },
		{
			name: 'not JSON, signed, text/plain',
			body: 'hello',
			sign: true,
			headers: { 'content-type': 'text/plain' },
			status: 400,
		},
		{ name: 'not JSON, signed, application/json', body: '{"object":', sign: true, status: 422 },
	];
	for (const r of refusals) {
		const res = await postSigned(url, r.body, r.sign ? SECRET : undefined, r.headers);
		check(
			`malformed delivery (${r.name}) refused with ${r.status}`,
			res.status === r.status,
			`got ${res.status}: ${(await res.text()).slice(0, 120)}`,
		);
	}

	// Which deliveries must have produced an execution, with which items.
	const expected = deliveries.filter(
		(d) => d.expected && d.expected.status === 200 && d.expected.items.length > 0,
	);
	const silent = deliveries.length - expected.length;
	const executions = await n8n.waitForExecutions(created.id, expected.length, {
		timeoutMs: 180_000,
	});
	fs.writeFileSync(
		path.join(OUT, 'trigger-executions.json'),
		JSON.stringify(
			executions.map((e) => ({ id: e.id, status: e.status, items: nodeOutput(e, TRIGGER_NAME) })),
			null,
			1,
		),
	);
	check(
		'one execution per accepted delivery, none for forged, malformed or refused ones',
		executions.length === expected.length,
		`${executions.length} executions for ${expected.length} accepted deliveries (${silent} fixtures expected none, ${refusals.length} extra refusals)`,
	);
	check(
		'every execution succeeded',
		executions.every((e) => e.status === 'success'),
		executions
			.filter((e) => e.status !== 'success')
			.map((e) => `${e.id}:${e.status}`)
			.join(', '),
	);

	// Executions may be created in another order than the deliveries were sent: match each
	// delivery to an unused execution whose items are exactly its expected items.
	const pool = executions.map((e) => ({ id: e.id, items: nodeOutput(e, TRIGGER_NAME) || [] }));
	const unmatched: string[] = [];
	for (const d of expected) {
		const at = pool.findIndex((e) => compareItems(d.expected!.items, e.items).length === 0);
		if (at < 0) unmatched.push(path.relative(REPO_ROOT, d.source));
		else pool.splice(at, 1);
	}
	check(
		'every fixture produced exactly its expected items in n8n',
		unmatched.length === 0 && pool.length === 0,
		unmatched.length
			? `no matching execution for: ${unmatched.slice(0, 8).join(', ')}${unmatched.length > 8 ? ', …' : ''}`
			: `${expected.length} matched`,
	);

	// What Meta reads back: version 1.1 answers an accepted delivery once the workflow has
	// finished (Confirm Receipt to Meta's default), 200 with no body.
	const one = fs.readFileSync(fromRoot('fixtures', 'batches', 'messages-and-statuses.json'));
	const accepted = await postSigned(url, one, SECRET);
	const receipt = await accepted.text();
	check(
		'an accepted delivery is answered 200, once the workflow has finished',
		accepted.status === 200 && receipt === '',
		`${accepted.status} ${receipt.slice(0, 120)}`,
	);
	return created.id;
}

async function actionChecks(n8n: N8n, world: ActionGraph): Promise<void> {
	step('Action workflow (every operation, against the stateful Graph stand-in)');
	const { graph } = world;
	const credential = await n8n.createCredential('E2E Graph', 'whatsAppBusinessAccountApi', {
		accessToken: ACCESS_TOKEN,
		appSecret: SECRET,
		apiVersion: VERSION,
		baseUrl: graph.url,
	});
	const webhookPath = `waba-actions-${Date.now()}`;
	const steps = actionSteps(world.overrideUrl);
	const created = await n8n.importWorkflow(actionWorkflow(credential, webhookPath, steps));
	const url = `${n8n.baseUrl}/webhook/${webhookPath}`;
	let res: Response | undefined;
	for (let i = 0; i < 60; i++) {
		res = await fetchKeptAlive(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"run":"e2e"}',
		});
		if (res.status !== 404) break;
		await sleep(300);
	}
	check('action workflow started by its webhook', res?.status === 200, `${res?.status}`);
	const [execution] = await n8n.waitForExecutions(created.id, 1, { timeoutMs: 60_000 });
	check(
		'action workflow execution succeeded',
		execution?.status === 'success',
		`${execution?.status} ${JSON.stringify(execution?.data?.resultData?.error?.message ?? '')}`,
	);
	const out = (name: string): Array<Record<string, Answer>> => nodeOutput(execution, name) || [];

	const proof = createHmac('sha256', SECRET).update(ACCESS_TOKEN).digest('hex');
	const reqs = graph.requests;
	check(
		'every Graph request carried the Bearer token and appsecret_proof',
		reqs.length > 0 &&
			reqs.every(
				(r) =>
					r.authorization === `${isOAuthUpload(r) ? 'OAuth' : 'Bearer'} ${ACCESS_TOKEN}` &&
					r.query.appsecret_proof === proof,
			),
		`${reqs.length} requests`,
	);
	const seen = (method: string, p: string, pred: (r: RecordedRequest) => boolean = () => true) =>
		reqs.filter((r) => r.method === method && r.version === VERSION && r.path === p && pred(r));

	check(
		'Account Get: GET /{waba} with the chosen fields',
		seen(
			'GET',
			`/${WABA_ID}`,
			(r) => r.query.fields === 'id,name,currency,business_verification_status',
		).length === 1 && out('Account Get')[0]?.currency === 'USD',
	);
	check(
		'Account Update: POST /{waba} with the flag',
		seen('POST', `/${WABA_ID}`, (r) => r.body.is_enabled_for_insights === 'true').length === 1 &&
			out('Account Update')[0]?.success === true,
	);
	check(
		'Subscribed App List: one item per app',
		seen('GET', `/${WABA_ID}/subscribed_apps`).length === 1 &&
			out('Subscribed App List').length === 1,
	);
	check(
		'Subscribed App Subscribe: override_callback_uri and verify_token sent',
		seen(
			'POST',
			`/${WABA_ID}/subscribed_apps`,
			(r) =>
				r.body.override_callback_uri === world.overrideUrl &&
				r.body.verify_token === OVERRIDE_VERIFY_TOKEN,
		).length === 1 &&
			out('Subscribed App Subscribe')[0]?.success === true &&
			graph.verifications.some((v) => v.url === world.overrideUrl && v.ok),
	);
	check(
		'Subscribed App Unsubscribe: DELETE /{waba}/subscribed_apps, outputs { deleted: true }',
		seen('DELETE', `/${WABA_ID}/subscribed_apps`).length === 1 &&
			out('Subscribed App Unsubscribe')[0]?.deleted === true,
	);
	const userPages = seen('GET', `/${WABA_ID}/assigned_users`);
	check(
		'Assigned User List: business sent on every page, all pages followed',
		userPages.length === 2 &&
			userPages.every((r) => r.query.business === BUSINESS_ID) &&
			out('Assigned User List')
				.map((u) => u.id)
				.join() === assignedUsers.map((u) => u.id).join(),
		`${userPages.length} pages, ${out('Assigned User List').length} items`,
	);
	check(
		'Assigned User Add: user and tasks as a JSON array string',
		seen(
			'POST',
			`/${WABA_ID}/assigned_users`,
			(r) => r.body.user === NEW_USER_ID && r.body.tasks === '["MANAGE_TEMPLATES","VIEW_COST"]',
		).length === 1,
		JSON.stringify(seen('POST', `/${WABA_ID}/assigned_users`).map((r) => r.body)),
	);
	check(
		'Assigned User Remove: DELETE with user, outputs { deleted: true }',
		seen('DELETE', `/${WABA_ID}/assigned_users`, (r) => r.query.user === NEW_USER_ID).length ===
			1 && out('Assigned User Remove')[0]?.deleted === true,
	);
	const phonePages = seen('GET', `/${WABA_ID}/phone_numbers`);
	check(
		'Phone Number List: three pages followed, one item per number',
		phonePages.length === 3 && out('Phone Number List').length === phoneNumbers.length,
		`${phonePages.length} pages, ${out('Phone Number List').length} items`,
	);
	check(
		'Phone Number Get: GET /{phone-number-id}, id kept as a string',
		seen('GET', `/${phoneNumbers[1].id}`).length === 1 &&
			out('Phone Number Get')[0]?.id === phoneNumbers[1].id,
	);
	const templatePages = seen('GET', `/${WABA_ID}/message_templates`);
	check(
		'Message Template List: status filter sent, Limit 4 stops on the second page',
		templatePages.length === 2 &&
			templatePages.every((r) => r.query.status === 'APPROVED') &&
			out('Message Template List').length === 4 &&
			templates.filter((t) => t.status === 'APPROVED').length > 4,
		`${templatePages.length} pages, ${out('Message Template List').length} items`,
	);
	checkOps({
		execution,
		graph,
		templates: world.templates,
		check,
		version: VERSION,
		accessToken: ACCESS_TOKEN,
	});
	checkFlows({ execution, graph, check });
	checkCommerce({ execution, graph, check });
	checkUsername({ execution, graph, check });
	check(
		'every operation ran',
		steps.every((s) => (execution?.data?.resultData?.runData?.[s.name] || []).length === 1),
	);
}

async function main() {
	const t0 = Date.now();
	fs.rmSync(OUT, { recursive: true, force: true });
	fs.mkdirSync(OUT, { recursive: true });

	step('Install n8n (cached) and this package');
	let t = Date.now();
	const { nodeHome, n8nDir, n8nVersion } = installN8n();
	console.log(`n8n ${n8nVersion} at ${n8nDir} (${elapsed(t)})`);
	const userFolder = path.join(OUT, 'n8n-user');
	t = Date.now();
	// the package build, once, and the tarball npm pack makes of it
	const {
		tarball,
		files,
		installedAt: installed,
	} = installPackage(userFolder, { nodeHome, outDir: OUT });
	check(
		"package packed and installed with npm into n8n's nodes folder",
		fs.existsSync(path.join(installed, 'package.json')),
		`${path.basename(tarball)}, ${files.length} files (${elapsed(t)})`,
	);
	check(
		'the packed package has no runtime dependencies',
		!JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')).dependencies,
	);

	const world = await startActionGraph({
		appId: APP_ID,
		appSecret: SECRET,
		accessToken: ACCESS_TOKEN,
	});
	setUpCommerce(world.graph);
	setUpUsername(world.graph);
	const n8n = new N8n({
		nodeHome,
		n8nDir,
		n8nVersion,
		userFolder,
		logFile: path.join(OUT, 'n8n.log'),
		env: { N8N_COMMUNITY_PACKAGES_ENABLED: 'true', N8N_RUNNERS_ENABLED: 'true' },
	});
	try {
		step('Start n8n');
		t = Date.now();
		await n8n.start({ timeoutMs: 240_000 });
		console.log(`n8n ${n8n.baseUrl} healthy after ${elapsed(t)}`);
		await n8n.setupOwner();
		await n8n.createApiKey();
		const types = await (
			await fetch(`${n8n.baseUrl}/types/nodes.json`, { headers: { cookie: n8n.cookie ?? '' } })
		)
			.json()
			.catch(() => []);
		const names = new Set(
			(Array.isArray(types) ? (types as Array<{ name: string }>) : []).map((n) => n.name),
		);
		check(
			'n8n loaded the three nodes from the installed package',
			names.has(`${PACKAGE}.whatsAppBusinessAccountTrigger`) &&
				names.has(`${PACKAGE}.whatsAppBusinessAccount`) &&
				names.has(`${PACKAGE}.whatsAppFlowEndpointTrigger`),
			`${names.size} node types`,
		);
		// usableAsTool: n8n derives an AI-agent tool type from the action node, 1.123 and 2.x alike
		check(
			'n8n offers the action node as an AI tool',
			names.has(`${PACKAGE}.whatsAppBusinessAccountTool`),
			`n8n ${n8nVersion}`,
		);

		// E2E_ONLY=chatbot or E2E_ONLY=campaign runs only that example (a quick check of the
		// messaging path); E2E_ONLY=credentials only HTTP Request with the package's credential;
		// E2E_ONLY=action only the action workflow; E2E_ONLY=flows only the Flow endpoint trigger
		// and the booking Flow example; E2E_ONLY=ask only Send and Wait for Response; E2E_ONLY=calls
		// only the calls example; E2E_ONLY=shop only the shop example; E2E_ONLY=editor only the forms
		// in Chromium (template picker, node search, screenshots)
		const only = process.env.E2E_ONLY;
		if (only === 'credentials') await credentialTargetChecks(n8n, { check, step });
		if (only === 'action') await actionChecks(n8n, world);
		const everything = only === undefined || only === '';
		if (everything) {
			await triggerChecks(n8n, nodeHome);
			await registrationChecks(n8n, { check, step });
			await setupCheckChecks(n8n, { check, step });
			await credentialTargetChecks(n8n, { check, step });
			await actionChecks(n8n, world);
			await exampleChecks(n8n, {
				check,
				secret: SECRET,
				verifyToken: VERIFY_TOKEN,
				appId: APP_ID,
				accessToken: ACCESS_TOKEN,
				graphVersion: VERSION,
			});
		}
		if (everything || only === 'chatbot') await chatbotChecks(n8n, { check, step });
		if (everything || only === 'shop') await shopChecks(n8n, { check, step });
		if (everything || only === 'campaign') await campaignChecks(n8n, { check, step });
		if (everything || only === 'calls') await callsChecks(n8n, { check, step });
		if (everything || only === 'flows') {
			await flowEndpointChecks(n8n, { check, step });
			await flowBookingChecks(n8n, { check, step });
		}
		if (everything || only === 'ask') await askChecks(n8n, { check, step });

		if (everything) {
			step('Editor in Chromium');
			await browserChecks(n8n, { out: OUT, check });
		}
		if (everything || only === 'editor') await editorChecks(n8n, { check, step, out: OUT });
	} catch (error) {
		const e = error as Error & { cause?: Error };
		check(
			'end-to-end run completed',
			false,
			`${e.stack || e}${e.cause ? `\ncause: ${e.cause.stack || e.cause}` : ''}`,
		);
	} finally {
		await n8n.stop();
		await world.close();
	}

	const failed = checks.filter((c) => !c.ok);
	console.log(`\n${checks.length - failed.length} passed, ${failed.length} failed`);
	console.log(
		`e2e: ${failed.length ? 'FAIL' : 'PASS'} in ${elapsed(t0)}; n8n log and screenshots in ${path.relative(REPO_ROOT, OUT)}/`,
	);
	process.exit(failed.length ? 1 : 0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
