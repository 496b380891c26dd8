// The campaign example (examples/whatsapp-campaign.json) imported into the real n8n and run
// once with `n8n execute`, against the Graph stand-in with template sends enforced as Meta does
// (scripts/lib/metaGraphTemplates.ts): the template must exist in the language with
// as many parameters as it has variables, the number takes 5 messages a second here (fewer
// than the example's 80, so that 130429 answers come and must be honoured) and each answer
// takes 250 ms. Every row must be accepted exactly once, with its own variables and the image
// header, and come out with the wamid Meta gave it.
import * as fs from 'fs';

import { MetaGraphStub } from '../../lib/metaGraphStub';
import { attachTemplateMessaging } from '../../lib/metaGraphTemplates';
import { attachMarketingMessages } from '../../lib/metaGraphMarketing';
import type { Answer, WorkflowDefinition } from '../../lib/n8n/client';
import type { N8n } from '../../lib/n8n/instance';
import { nodeOutput } from '../../lib/n8n/workflows';
import type { Check, Step } from '../lib/checks';
import { printedRun } from './examples';
import { fromRoot } from '../../lib/repoRoot';

const APP = {
	id: '3456789012345678',
	secret: '9e107d9d372bb6826bd81d3542a419d6',
	name: 'E2E Campaign',
};
const WABA = '102290129340398';
const NUMBER = { id: '106540352242922', displayPhoneNumber: '15550783881' };
const LIMIT = 5;

export async function campaignChecks(
	n8n: N8n,
	{ check, step }: { check: Check; step: Step },
): Promise<void> {
	step(
		'Campaign example (examples/whatsapp-campaign.json) against the Graph stand-in enforcing templates and throughput',
	);
	const graph = await MetaGraphStub.start();
	try {
		graph.addApp(APP);
		const token = graph.addSystemUserToken(APP.id);
		graph.addPhoneNumber(WABA, NUMBER);
		const templates = attachTemplateMessaging(graph, { latencyMs: 250, messagesPerSecond: LIMIT });
		const marketing = attachMarketingMessages(graph, templates);
		templates.addTemplate(WABA, {
			name: 'spring_sale',
			language: 'en_US',
			components: [
				{ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1h'] } },
				{ type: 'BODY', text: 'Hi {{1}}, show code {{2}} at the till for 20% off this week.' },
			],
		});
		const api = await n8n.createCredential('Campaign Graph', 'whatsAppBusinessAccountApi', {
			accessToken: token,
			appSecret: APP.secret,
			apiVersion: 'v23.0',
			baseUrl: graph.url,
		});

		const workflow = JSON.parse(
			fs.readFileSync(fromRoot('examples', 'whatsapp-campaign.json'), 'utf8'),
		) as WorkflowDefinition & { nodes: Array<Answer> };
		for (const node of workflow.nodes) {
			if (node.credentials?.whatsAppBusinessAccountApi)
				node.credentials.whatsAppBusinessAccountApi = { id: api.id, name: api.name };
		}
		const rows = (
			JSON.parse(
				(workflow.nodes.find((n) => n.name === 'Customer Rows') as Answer).parameters.jsonOutput,
			) as { rows: Array<{ phone: string; name: string; code: string }> }
		).rows;
		const created = await n8n.importWorkflow(workflow, { activate: false });
		check('campaign: example imported', Boolean(created?.id), `${rows.length} rows`);

		const started = Date.now();
		const run = await n8n.execute(created.id);
		const seconds = (Date.now() - started) / 1000;
		// `n8n execute` can take longer than n8n's 5 s keep-alive: a pooled socket may be gone, so ask again once
		const saved = await n8n
			.waitForExecutions(created.id, 1, { timeoutMs: 30_000, settleMs: 500 })
			.catch(
				async () =>
					await n8n.waitForExecutions(created.id, 1, { timeoutMs: 30_000, settleMs: 500 }),
			)
			.then((list) => list[0])
			.catch(() => undefined);
		const execution = saved ?? printedRun(run.stdout);
		const outcomes: Array<Record<string, Answer>> = nodeOutput(execution, 'Outcome per Row') ?? [];
		check(
			'campaign: the execution succeeded with one outcome per row, every row accepted',
			run.status === 0 &&
				execution?.status === 'success' &&
				outcomes.length === rows.length &&
				outcomes.every((o) => o.status === 'accepted'),
			`n8n execute exit ${run.status}; ${execution?.status}; ${outcomes.length} outcomes: ${JSON.stringify(outcomes.filter((o) => o.status !== 'accepted').slice(0, 2))} ${(run.stderr || '').slice(-300)}`,
		);

		const perPhone = templates.countBy((s) => s.recipient);
		check(
			'campaign: each row sent and accepted exactly once (no row lost, none twice)',
			rows.every((r) => perPhone.get(r.phone) === 1) && templates.accepted.length === rows.length,
			`${templates.accepted.length} accepted for ${rows.length} rows`,
		);
		const throttled = templates.refusals.filter((r) => r.code === 130429).length;
		check(
			`campaign: the number's ${LIMIT}/s limit answered 130429 and the node backed off and tried those rows again`,
			throttled > 0 && templates.refusals.every((r) => r.code === 130429),
			`${throttled} answers 130429, ${rows.length} rows in ${seconds.toFixed(1)} s (at least ${((rows.length - LIMIT) / LIMIT).toFixed(1)} s at ${LIMIT}/s)`,
		);
		const wrong = templates.accepted.filter((s) => {
			const row = rows.find((r) => r.phone === s.recipient);
			const [header, body] = s.components as Answer[];
			return !(
				header?.parameters?.[0]?.image?.link === 'https://www.example.com/images/spring-sale.jpg' &&
				body?.parameters?.map((p: { text: string }) => p.text).join('|') ===
					`${row?.name}|${row?.code}`
			);
		});
		check(
			"campaign: each send has the image header and that row's name and code",
			wrong.length === 0,
			JSON.stringify(wrong[0]?.components ?? '').slice(0, 300),
		);
		const wamidOf = new Map(templates.accepted.map((s) => [s.recipient, s.wamid]));
		check(
			"campaign: each row comes out with the wamid Meta gave it (the id of its status items), in the rows' order",
			outcomes.every((o, i) => o.phone === rows[i].phone && o.wamid === wamidOf.get(o.phone)),
			JSON.stringify(outcomes.slice(0, 2)),
		);
		const tracking = graph.messaging.sent.filter(
			(m) => m.body.biz_opaque_callback_data === `campaign:spring_sale:${m.body.to}`,
		);
		check(
			'campaign: each send carries the Tracking Data the status items will echo',
			tracking.length === rows.length,
			`${tracking.length} of ${graph.messaging.sent.length}`,
		);
		const viaMarketing = marketing.sends.filter((s) => s.through === 'marketing_messages');
		check(
			"campaign: every row went through Meta's Marketing Messages API (/marketing_messages)",
			viaMarketing.length === rows.length &&
				outcomes.length === rows.length &&
				graph.requests.every((r) => !r.path.endsWith('/messages')),
			`${viaMarketing.length} of ${rows.length} through marketing_messages`,
		);

		// the same execution again (as after a crash): the record in n8n's database skips every row
		const again = await n8n.execute(created.id);
		const executions = await n8n
			.waitForExecutions(created.id, 2, { timeoutMs: 30_000, settleMs: 500 })
			.catch(() => []);
		const rerun = executions.find((e) => e.id !== execution?.id) ?? printedRun(again.stdout);
		const second: Array<Record<string, Answer>> = nodeOutput(rerun, 'Outcome per Row') ?? [];
		check(
			"campaign: run again, no row is sent twice (Campaign ID's record in n8n's database: every row skipped)",
			again.status === 0 &&
				second.length === rows.length &&
				second.every((o) => o.status === 'skipped') &&
				templates.accepted.length === rows.length,
			`n8n execute exit ${again.status}; ${second.length} outcomes: ${JSON.stringify(second.slice(0, 2))}; ${templates.accepted.length} accepted in all ${(again.stderr || '').slice(-300)}`,
		);
	} finally {
		await graph.close();
	}
}
