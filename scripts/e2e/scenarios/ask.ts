// Message > Send and Wait for Response in a real n8n (docs/design/send-and-wait.md): a workflow
// (Webhook → Ask → After Answer) sends a question through the Graph stand-in and waits; a
// second, published workflow holds the WhatsApp Business Account Trigger that receives the
// customer's answers. The customer reads the question from the stand-in's recorded sends, taps a
// button or row, and its signed delivery reaches the trigger, which resumes the waiting
// execution through n8n's /webhook-waiting/. Checked: approval approved and declined, a list of
// five rows, an answer from the wrong customer (refused, still waiting, then the right customer
// resumes it), the same delivery sent twice (resumed once), Free Text (2.x: the next text or a
// quoting reply, found through n8n's public API; 1.x: refused at the send), a template question
// (its quick-reply payloads), a Flow question (its flow_token), the approval example, the AI
// Agent's human review tool (2.x), the editor form's screenshot, and Limit Wait Time.
import * as crypto from 'crypto';

import { inboundMessageBody } from '../../lib/deliveries';
import { MetaGraphStub } from '../../lib/metaGraphStub';
import { attachTemplateMessaging } from '../../lib/metaGraphTemplates';
import { postSigned } from '../../lib/metaSender';
import type { Answer, Execution } from '../../lib/n8n/client';
import type { N8n } from '../../lib/n8n/instance';
import { ACTION_TYPE, nodeOutput, triggerWorkflow } from '../../lib/n8n/workflows';
import { sleep } from '../../lib/sleep';
import { screenshotNodePanel } from '../lib/askEditorShot';
import { loadExample } from './examples';
import type { Check, Step } from '../lib/checks';
import { waitForHandshake } from '../lib/published';

const APP = { id: '3456789012345678', secret: '7c4a8d09ca3762af61e59520943dc264', name: 'E2E Ask' };
const VERIFY_TOKEN = 'e2e-ask-9b2d71c4';
const WABA = '102290129340399';
const NUMBER = { id: '106540352242923', displayPhoneNumber: '15550783882' };
const MANAGER = { phone: '16505550101', userId: 'US.13491208655302741001', name: 'Manager Ana' };
const STRANGER = { phone: '16505550199', userId: 'US.13491208655302741999', name: 'Stranger' };
const ASK = 'Ask';
const AFTER = 'After Answer';
const TRIGGER = 'Answers';

type Person = typeof MANAGER;

/** A messages change with one message of `person` to the number, as Meta sends it. */
function delivery(person: Person, message: Record<string, unknown>): string {
	return JSON.stringify(
		inboundMessageBody({
			wabaId: WABA,
			number: NUMBER,
			customer: person,
			message: { id: `wamid.E2EANSWER${crypto.randomBytes(10).toString('hex')}`, ...message },
		}),
	);
}

/** The customer's tap on a button or list row of the question `question`. */
function answerDelivery(person: Person, question: string, reply: Record<string, unknown>): string {
	const tapped = { id: reply.id, title: reply.title };
	return delivery(person, {
		context: { from: NUMBER.displayPhoneNumber, id: question },
		type: 'interactive',
		interactive:
			reply.kind === 'list'
				? { type: 'list_reply', list_reply: tapped }
				: { type: 'button_reply', button_reply: tapped },
	});
}

/** The customer's text message (Meta's messages/text example), quoting `quoted` when given. */
function textDelivery(person: Person, body: string, quoted?: string): string {
	return delivery(person, {
		...(quoted ? { context: { from: NUMBER.displayPhoneNumber, id: quoted } } : {}),
		type: 'text',
		text: { body },
	});
}

/** Each node's runs of an execution, by their first output's item count (or error): for a failure's detail. */
function runsSummary(execution: Execution | undefined): string {
	return JSON.stringify(
		Object.fromEntries(
			Object.entries(execution?.data?.resultData?.runData ?? {}).map(([name, runs]) => [
				name,
				runs.map((run) => run.data?.main?.[0]?.length ?? run.error?.message ?? null),
			]),
		),
	);
}

/** The options of the last interactive question sent to `phone`: each id and title, and its wamid. */
function lastQuestion(graph: MetaGraphStub, phone: string, after: number) {
	const sent = graph.messaging.sent.slice(after).filter((m) => {
		const body = m.body as Answer;
		return body.type === 'interactive' && String(body.to ?? '').replace(/\D/g, '') === phone;
	});
	const last = sent[sent.length - 1];
	if (!last) return undefined;
	const interactive = (last.body as Answer).interactive;
	const options: Array<{ id: string; title: string; kind: 'button' | 'list' }> =
		interactive.type === 'button'
			? interactive.action.buttons.map((b: Answer) => ({ ...b.reply, kind: 'button' }))
			: interactive.action.sections
					.flatMap((s: Answer) => s.rows)
					.map((r: Answer) => ({ id: r.id, title: r.title, kind: 'list' }));
	return {
		wamid: last.wamid,
		type: interactive.type as string,
		options,
		body: last.body as Answer,
	};
}

export async function askChecks(n8n: N8n, { check, step }: { check: Check; step: Step }) {
	step('Send and Wait for Response: questions answered in WhatsApp resume the execution');
	const graph = await MetaGraphStub.start();
	try {
		graph.addApp(APP);
		const token = graph.addSystemUserToken(APP.id);
		graph.addPhoneNumber(WABA, NUMBER);
		const templates = attachTemplateMessaging(graph);
		templates.addTemplate(WABA, {
			name: 'order_approval',
			category: 'UTILITY',
			components: [
				{ type: 'BODY', text: 'Order {{1}} is over the limit. Approve it?' },
				{
					type: 'BUTTONS',
					buttons: [
						{ type: 'QUICK_REPLY', text: 'Approve' },
						{ type: 'QUICK_REPLY', text: 'Decline' },
					],
				},
			],
		});
		const webhook = await n8n.createCredential('Ask webhook', 'whatsAppBusinessAccountWebhookApi', {
			appId: APP.id,
			appSecret: APP.secret,
			verifyToken: VERIFY_TOKEN,
			baseUrl: graph.url,
		});
		const api = await n8n.createCredential('Ask Graph', 'whatsAppBusinessAccountApi', {
			accessToken: token,
			appSecret: APP.secret,
			apiVersion: 'v23.0',
			baseUrl: graph.url,
		});

		// the workflow that receives every message of the number, the answers among them
		// with Find Free-Text Answers, through this n8n's public API (on 1.x too: it lists none there)
		const lookup = await n8n.createCredential('Ask lookup', 'whatsAppN8nApi', {
			apiKey: n8n.apiKey,
			baseUrl: `${n8n.baseUrl}/api/v1`,
		});
		const triggerId = crypto.randomUUID();
		const answersDefinition = triggerWorkflow({
			name: 'Ask: answers',
			credential: webhook,
			parameters: { registration: 'manual', outputMode: 'message', freeTextAnswers: true },
			nodeName: TRIGGER,
			typeVersion: 1.1,
			webhookId: triggerId,
		});
		Object.assign(answersDefinition.nodes[0].credentials as object, {
			whatsAppN8nApi: { id: lookup.id, name: lookup.name },
		});
		const answers = await n8n.importWorkflow(answersDefinition);
		const triggerUrl = `${n8n.baseUrl}/webhook/${triggerId}/webhook`;
		const ready = await waitForHandshake(triggerUrl, VERIFY_TOKEN);
		check('ask: the answers workflow is published', ready === 200, triggerUrl);

		/** A published workflow Webhook → Ask (with `ask`'s parameters) → After Answer. */
		const askWorkflow = async (name: string, ask: Record<string, unknown>) => {
			const path = `ask-${crypto.randomUUID()}`;
			const created = await n8n.importWorkflow({
				name,
				nodes: [
					{
						id: crypto.randomUUID(),
						name: 'Start',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						position: [0, 0],
						webhookId: crypto.randomUUID(),
						parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
					},
					{
						id: crypto.randomUUID(),
						name: ASK,
						type: ACTION_TYPE,
						typeVersion: 1,
						position: [300, 0],
						parameters: {
							resource: 'message',
							operation: 'sendAndWait',
							recipientMode: 'phone',
							recipientPhoneNumber: `+${MANAGER.phone}`,
							senderPhoneNumberId: { __rl: true, mode: 'id', value: NUMBER.id },
							...ask,
						},
						credentials: { whatsAppBusinessAccountApi: { id: api.id, name: api.name } },
					},
					{
						id: crypto.randomUUID(),
						name: AFTER,
						type: 'n8n-nodes-base.noOp',
						typeVersion: 1,
						position: [600, 0],
						parameters: {},
					},
				],
				connections: {
					Start: { main: [[{ node: ASK, type: 'main', index: 0 }]] },
					[ASK]: { main: [[{ node: AFTER, type: 'main', index: 0 }]] },
				},
				settings: {
					executionOrder: 'v1',
					saveDataSuccessExecution: 'all',
					saveDataErrorExecution: 'all',
				},
			});
			return { id: created.id, url: `${n8n.baseUrl}/webhook/${path}` };
		};

		const execution = async (id: string): Promise<Execution | undefined> =>
			(await n8n.api('GET', `/executions/${id}?includeData=true`, undefined, {
				expect: [200, 404],
			})) as Execution | undefined;
		/**
		 * The execution once its status is one of `statuses`; a `success` also once `lastNode` has
		 * run: n8n 1.123.81 twice (in three runs) answered a resumed execution as `success` without
		 * the last node's run in its data; with this wait the next run passed every check.
		 */
		const waitForStatus = async (
			id: string,
			statuses: string[],
			timeoutMs = 30_000,
			lastNode = AFTER,
		) => {
			const deadline = Date.now() + timeoutMs;
			let last: Execution | undefined;
			while (Date.now() < deadline) {
				last = await execution(id);
				const complete =
					last?.status !== 'success' || last.data?.resultData?.runData?.[lastNode] !== undefined;
				if (last && statuses.includes(String(last.status)) && complete) return last;
				await sleep(400);
			}
			return last;
		};
		let answersSeen = 0;
		/** The answers workflow's next execution, its trigger item. */
		const nextTriggerItem = async (): Promise<Record<string, Answer> | undefined> => {
			answersSeen++;
			const runs = await n8n.waitForExecutions(answers.id, answersSeen, {
				timeoutMs: 30_000,
				settleMs: 500,
			});
			const latest = runs.sort((a, b) => Number(b.id) - Number(a.id))[0];
			return nodeOutput(latest, TRIGGER)?.[0] as Record<string, Answer> | undefined;
		};

		/** Starts the workflow at `url` as the manager's last message opened the 24-hour window. */
		const start = async (url: string, body: Record<string, unknown> = {}) => {
			// the stand-in, as Meta, sends only inside the 24-hour window the manager's last message opened
			graph.messaging.recordInbound(NUMBER.id, { phone: MANAGER.phone, userId: MANAGER.userId });
			// n8n publishes asynchronously: the Webhook answers 404 (and starts nothing) until it has
			let started = 404;
			for (let i = 0; i < 100 && started === 404; i++) {
				started = (
					await fetch(url, {
						method: 'POST',
						body: JSON.stringify(body),
						headers: { 'content-type': 'application/json' },
					})
				).status;
				if (started === 404) await sleep(300);
			}
			return started;
		};

		/** Starts the workflow, waits for its question to the manager; the execution id from the reference. */
		const ask = async (url: string, body: Record<string, unknown> = {}) => {
			const before = graph.messaging.sent.length;
			const started = await start(url, body);
			let question: ReturnType<typeof lastQuestion>;
			for (let i = 0; i < 100 && !question; i++) {
				question = lastQuestion(graph, MANAGER.phone, before);
				if (!question) await sleep(200);
			}
			const executionId = question?.options[0]?.id.split('/')[2];
			const waiting = executionId ? await waitForStatus(executionId, ['waiting']) : undefined;
			return { started, question, executionId, waiting };
		};

		// 1. approval, approved
		const approval = await askWorkflow('Ask: approval', {
			message: 'Approve order #1042 over $5,000?',
			responseType: 'approval',
			approvalOptions: { values: { approvalType: 'double' } },
		});
		// 0. a question with Limit Wait Time of 3 seconds, left unanswered: checked at the end, as
		// n8n's wait tracker looks for timed-out executions once a minute
		const limited = await askWorkflow('Ask: limited', {
			message: 'Still interested?',
			responseType: 'approval',
			options: {
				limitWaitTime: {
					values: { limitType: 'afterTimeInterval', resumeAmount: 0.05, resumeUnit: 'minutes' },
				},
			},
		});
		const limitedAsk = await ask(limited.url);
		const timedOutSince = Date.now();

		const approved = await ask(approval.url);
		check(
			'ask: approval: the question goes out with Approve and Decline, each id a signed wa1 reference, and the execution waits',
			approved.question?.type === 'button' &&
				approved.question.options.map((o) => o.title).join('|') === '✓ Approve|✗ Decline' &&
				approved.question.options.every((o) =>
					/^wa1 \/webhook-waiting\/\d+\/[^?]+\?o=(approve|decline)&c=[A-Za-z0-9_-]{16}&signature=[0-9a-f]{64}$/.test(
						o.id,
					),
				) &&
				approved.waiting?.status === 'waiting',
			`${approved.started}, ${JSON.stringify(approved.question?.options ?? graph.messaging.sent.slice(-1))}, ${approved.waiting?.status}`,
		);
		const approveOption = approved.question!.options[0];
		let res = await postSigned(
			triggerUrl,
			answerDelivery(MANAGER, approved.question!.wamid, approveOption),
			APP.secret,
		);
		let done = await waitForStatus(approved.executionId!, ['success', 'error']);
		let out = nodeOutput(done, AFTER)?.[0] as Record<string, Answer> | undefined;
		let item = await nextTriggerItem();
		check(
			'ask: approval approved: the execution resumes with approved: true, the customer, the answer and question wamids',
			res.status === 200 &&
				done?.status === 'success' &&
				out?.answered === true &&
				out.approved === true &&
				out.responseType === 'approval' &&
				out.customer?.phone === MANAGER.phone &&
				out.customer?.name === MANAGER.name &&
				out.questionMessageId === approved.question!.wamid &&
				String(out.answerMessageId).startsWith('wamid.E2EANSWER') &&
				out.questionNode === ASK &&
				out.phoneNumberId === NUMBER.id,
			`${res.status}, ${done?.status}, ${JSON.stringify(out ?? {}).slice(0, 500)}`,
		);
		check(
			"ask: approval approved: the trigger's item is marked answersQuestion, outcome resumed",
			item?.answersQuestion?.outcome === 'resumed' &&
				item.answersQuestion.executionId === approved.executionId &&
				item.answersQuestion.questionMessageId === approved.question!.wamid,
			JSON.stringify(item?.answersQuestion ?? item ?? null),
		);

		// 2. the same delivery again (Meta redelivers): nothing resumes twice
		const replayed = answerDelivery(MANAGER, approved.question!.wamid, approveOption);
		res = await postSigned(triggerUrl, replayed, APP.secret);
		item = await nextTriggerItem();
		res = await postSigned(triggerUrl, replayed, APP.secret);
		const itemAgain = await nextTriggerItem();
		await sleep(1500);
		done = await execution(approved.executionId!);
		const afterRuns = done?.data?.resultData?.runData?.[AFTER]?.length;
		check(
			'ask: a replayed answer does not resume twice: alreadyAnswered, After Answer ran once',
			item?.answersQuestion?.outcome === 'alreadyAnswered' &&
				itemAgain?.answersQuestion?.outcome === 'alreadyAnswered' &&
				done?.status === 'success' &&
				afterRuns === 1,
			`${JSON.stringify(item?.answersQuestion)}, ${JSON.stringify(itemAgain?.answersQuestion)}, ${done?.status}, runs ${afterRuns}`,
		);

		// 3. approval, declined
		const declinedAsk = await ask(approval.url);
		res = await postSigned(
			triggerUrl,
			answerDelivery(MANAGER, declinedAsk.question!.wamid, declinedAsk.question!.options[1]),
			APP.secret,
		);
		done = await waitForStatus(declinedAsk.executionId!, ['success', 'error']);
		out = nodeOutput(done, AFTER)?.[0] as Record<string, Answer> | undefined;
		item = await nextTriggerItem();
		check(
			'ask: approval declined: the execution resumes with approved: false',
			done?.status === 'success' &&
				out?.answered === true &&
				out.approved === false &&
				item?.answersQuestion?.outcome === 'resumed',
			`${done?.status}, ${JSON.stringify(out ?? {}).slice(0, 300)}`,
		);

		// 4. a list of five rows
		const rows = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
		const list = await askWorkflow('Ask: list', {
			message: 'Which day suits you for the delivery?',
			responseType: 'choice',
			choices: {
				values: rows.map((title) => ({ title, value: title.slice(0, 3).toLowerCase() })),
			},
			listButton: 'Pick a day',
		});
		const listAsk = await ask(list.url);
		check(
			'ask: choice: five choices go out as a list of five rows with signed references',
			listAsk.question?.type === 'list' &&
				listAsk.question.options.length === 5 &&
				listAsk.question.body.interactive.action.button === 'Pick a day' &&
				listAsk.question.options.every((o) => o.id.startsWith('wa1 /webhook-waiting/')) &&
				listAsk.waiting?.status === 'waiting',
			JSON.stringify(listAsk.question?.body ?? null).slice(0, 400),
		);
		res = await postSigned(
			triggerUrl,
			answerDelivery(MANAGER, listAsk.question!.wamid, listAsk.question!.options[3]),
			APP.secret,
		);
		done = await waitForStatus(listAsk.executionId!, ['success', 'error']);
		out = nodeOutput(done, AFTER)?.[0] as Record<string, Answer> | undefined;
		item = await nextTriggerItem();
		check(
			'ask: choice from a list: the execution resumes with choice value, title and index',
			done?.status === 'success' &&
				out?.responseType === 'choice' &&
				out.approved === null &&
				out.choice?.value === 'thu' &&
				out.choice?.title === 'Thursday' &&
				out.choice?.index === 3 &&
				item?.answersQuestion?.outcome === 'resumed',
			`${done?.status}, ${JSON.stringify(out?.choice ?? out ?? {}).slice(0, 300)}`,
		);

		// 5. the wrong customer taps the manager's button: refused, still waiting; then the manager
		const wrongAsk = await ask(approval.url);
		res = await postSigned(
			triggerUrl,
			answerDelivery(STRANGER, wrongAsk.question!.wamid, wrongAsk.question!.options[0]),
			APP.secret,
		);
		item = await nextTriggerItem();
		await sleep(1500);
		const still = await execution(wrongAsk.executionId!);
		check(
			'ask: an answer from another customer is refused (notFromAskedCustomer) and the execution keeps waiting',
			res.status === 200 &&
				item?.answersQuestion?.outcome === 'refused' &&
				item.answersQuestion.reason === 'notFromAskedCustomer' &&
				still?.status === 'waiting',
			`${res.status}, ${JSON.stringify(item?.answersQuestion)}, ${still?.status}`,
		);
		res = await postSigned(
			triggerUrl,
			answerDelivery(MANAGER, wrongAsk.question!.wamid, wrongAsk.question!.options[0]),
			APP.secret,
		);
		done = await waitForStatus(wrongAsk.executionId!, ['success', 'error']);
		out = nodeOutput(done, AFTER)?.[0] as Record<string, Answer> | undefined;
		item = await nextTriggerItem();
		check(
			'ask: then the asked customer answers, and it resumes',
			done?.status === 'success' &&
				out?.approved === true &&
				out.customer?.phone === MANAGER.phone &&
				item?.answersQuestion?.outcome === 'resumed',
			`${done?.status}, ${JSON.stringify(item?.answersQuestion)}`,
		);

		// 6. a POST of the signed URL without a delivery Meta signed: refused by the node, still waiting
		const forgedAsk = await ask(approval.url);
		const forgedUrl = `${n8n.baseUrl}${forgedAsk.question!.options[0].id.slice(4)}`;
		const forged = await fetch(forgedUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: answerDelivery(MANAGER, forgedAsk.question!.wamid, forgedAsk.question!.options[0]),
		});
		const forgedAnswer = await forged.text();
		await sleep(1000);
		const forgedAfter = await execution(forgedAsk.executionId!);
		check(
			"ask: the resume URL POSTed without Meta's signature is refused (signature) and the execution keeps waiting",
			forged.status === 200 &&
				JSON.parse(forgedAnswer).resumed === false &&
				JSON.parse(forgedAnswer).reason === 'signature' &&
				forgedAfter?.status === 'waiting',
			`${forged.status} ${forgedAnswer.slice(0, 200)}, ${forgedAfter?.status}`,
		);

		// 7. Free Text: the question goes out as a text; the manager's next text answers it, found by
		// the trigger through n8n's public API (2.x); n8n 1.x refuses the response type at the send
		const freeText = await askWorkflow('Ask: free text', {
			message: 'Any delivery instructions for order #1042?',
			responseType: 'freeText',
		});
		/** Starts a Free Text workflow: its text question, and its execution once waiting or ended. */
		const askText = async () => {
			const before = graph.messaging.sent.length;
			const known = new Set((await n8n.executions(freeText.id)).map((e) => String(e.id)));
			const started = await start(freeText.url);
			let run: Execution | undefined;
			for (let i = 0; i < 100 && !run; i++) {
				run = (await n8n.executions(freeText.id)).find(
					(e) => !known.has(String(e.id)) && e.status !== 'running' && e.status !== 'new',
				);
				if (!run) await sleep(300);
			}
			const sent = graph.messaging.sent
				.slice(before)
				.filter(
					(m) =>
						(m.body as Answer).type === 'text' &&
						String((m.body as Answer).to ?? '').replace(/\D/g, '') === MANAGER.phone,
				);
			return { started, wamid: sent.at(-1)?.wamid, body: sent.at(-1)?.body as Answer, run };
		};
		if (n8n.major >= 2) {
			const first = await askText();
			const second = await askText();
			check(
				'ask: free text: the question goes out as a text and the execution waits with its signed reference',
				first.body?.text?.body === 'Any delivery instructions for order #1042?' &&
					first.run?.status === 'waiting' &&
					second.run?.status === 'waiting' &&
					/^wa1 \/webhook-waiting\/\d+\/[^?]+\?t=text&c=[A-Za-z0-9_-]{16}&p=\d+&q=wamid\.[^&]+&signature=[0-9a-f]{64}$/.test(
						String(nodeOutput(first.run, ASK)?.[0]?.answerReference),
					),
				`${first.started}, ${first.run?.status}, ${second.run?.status}, ${JSON.stringify(nodeOutput(first.run, ASK)?.[0] ?? first.body ?? null).slice(0, 400)}`,
			);
			// another customer's text resumes nothing: no question waits for them
			res = await postSigned(
				triggerUrl,
				textDelivery(STRANGER, 'I am not the manager'),
				APP.secret,
			);
			item = await nextTriggerItem();
			await sleep(1000);
			const stillFirst = await execution(first.run!.id);
			check(
				"ask: free text: another customer's text resumes nothing and passes on unmarked",
				res.status === 200 &&
					item !== undefined &&
					item.answersQuestion === undefined &&
					stillFirst?.status === 'waiting',
				`${res.status}, ${JSON.stringify(item ?? null).slice(0, 200)}, ${stillFirst?.status}`,
			);
			// a reply quoting the second question answers that one, the first keeps waiting
			res = await postSigned(
				triggerUrl,
				textDelivery(MANAGER, 'Leave it with the neighbour', second.wamid),
				APP.secret,
			);
			done = await waitForStatus(second.run!.id, ['success', 'error']);
			out = nodeOutput(done, AFTER)?.[0] as Record<string, Answer> | undefined;
			item = await nextTriggerItem();
			const firstAfterQuote = await execution(first.run!.id);
			check(
				'ask: free text: a reply quoting the question resumes that question with the text',
				res.status === 200 &&
					done?.status === 'success' &&
					out?.answered === true &&
					out.responseType === 'freeText' &&
					out.text === 'Leave it with the neighbour' &&
					out.approved === null &&
					out.questionMessageId === second.wamid &&
					out.customer?.phone === MANAGER.phone &&
					item?.answersQuestion?.outcome === 'resumed' &&
					item.answersQuestion.executionId === second.run!.id &&
					firstAfterQuote?.status === 'waiting',
				`${res.status}, ${done?.status}, ${JSON.stringify(out ?? {}).slice(0, 300)}, ${JSON.stringify(item?.answersQuestion)}, first ${firstAfterQuote?.status}`,
			);
			// the manager's next text, quoting nothing, answers the one still waiting
			const plainText = textDelivery(MANAGER, 'After 6 pm, please');
			res = await postSigned(triggerUrl, plainText, APP.secret);
			done = await waitForStatus(first.run!.id, ['success', 'error']);
			out = nodeOutput(done, AFTER)?.[0] as Record<string, Answer> | undefined;
			item = await nextTriggerItem();
			check(
				"ask: free text: the asked customer's next text resumes the question waiting for them",
				done?.status === 'success' &&
					out?.text === 'After 6 pm, please' &&
					out.questionMessageId === first.wamid &&
					item?.answersQuestion?.outcome === 'resumed' &&
					item.answersQuestion.questionMessageId === first.wamid,
				`${done?.status}, ${JSON.stringify(out ?? {}).slice(0, 300)}, ${JSON.stringify(item?.answersQuestion)}`,
			);
			// the same text again (Meta redelivers): no question waits any more, nothing runs twice
			res = await postSigned(triggerUrl, plainText, APP.secret);
			item = await nextTriggerItem();
			await sleep(1000);
			done = await execution(first.run!.id);
			check(
				'ask: free text: a replayed text resumes nothing (After Answer ran once)',
				res.status === 200 &&
					item?.answersQuestion === undefined &&
					done?.data?.resultData?.runData?.[AFTER]?.length === 1,
				`${res.status}, ${JSON.stringify(item?.answersQuestion)}, runs ${done?.data?.resultData?.runData?.[AFTER]?.length}`,
			);
		} else {
			const refused = await askText();
			const error = refused.run?.data?.resultData?.error?.message ?? '';
			check(
				'ask: free text on n8n 1.x: refused at the send with the reason, nothing sent',
				refused.run?.status === 'error' &&
					error.includes('Free Text needs n8n 2.0 or later') &&
					refused.wamid === undefined,
				`${refused.run?.status}, ${error}, ${refused.wamid}`,
			);
		}

		// 8. a template question (the window closed): its quick replies carry the references as payloads
		const byTemplate = await askWorkflow('Ask: template', {
			questionAs: 'template',
			wabaId: { __rl: true, mode: 'id', value: WABA },
			templateName: 'order_approval',
			templateLanguage: 'en_US',
			templateParameters: { mappingMode: 'defineBelow', value: { 'body.1': '#1042' } },
			responseType: 'approval',
			approvalOptions: { values: { approvalType: 'double' } },
		});
		const sentBefore = graph.messaging.sent.length;
		const templateStarted = await start(byTemplate.url);
		let templateSend: (typeof graph.messaging.sent)[number] | undefined;
		for (let i = 0; i < 100 && !templateSend; i++) {
			templateSend = graph.messaging.sent
				.slice(sentBefore)
				.find((m) => (m.body as Answer).type === 'template');
			if (!templateSend) await sleep(200);
		}
		const payloads: string[] = ((templateSend?.body as Answer)?.template?.components ?? [])
			.filter((component: Answer) => component.sub_type === 'quick_reply')
			.map((component: Answer) => component.parameters[0].payload);
		const templateExecution = payloads[0]?.split('/')[2];
		const templateWaiting = templateExecution
			? await waitForStatus(templateExecution, ['waiting'])
			: undefined;
		check(
			"ask: template question: the template goes out with each quick reply's payload a signed reference, and the execution waits",
			payloads.length === 2 &&
				payloads.every((payload, index) =>
					new RegExp(
						`^wa1 /webhook-waiting/\\d+/[^?]+\\?o=${index ? 'decline' : 'approve'}&c=[A-Za-z0-9_-]{16}&signature=[0-9a-f]{64}$`,
					).test(payload),
				) &&
				templateWaiting?.status === 'waiting',
			`${templateStarted}, ${JSON.stringify(templateSend?.body ?? templates.refusals.slice(-1)).slice(0, 500)}, ${templateWaiting?.status}`,
		);
		res = await postSigned(
			triggerUrl,
			delivery(MANAGER, {
				context: { from: NUMBER.displayPhoneNumber, id: templateSend?.wamid },
				type: 'button',
				button: { payload: payloads[1], text: 'Decline' },
			}),
			APP.secret,
		);
		done = templateExecution
			? await waitForStatus(templateExecution, ['success', 'error'])
			: undefined;
		out = nodeOutput(done, AFTER)?.[0] as Record<string, Answer> | undefined;
		item = await nextTriggerItem();
		check(
			"ask: template question: the tap on a quick reply (type button) resumes it, with the button's text",
			res.status === 200 &&
				done?.status === 'success' &&
				out?.approved === false &&
				out.choice === null &&
				out.questionMessageId === templateSend?.wamid &&
				item?.answersQuestion?.outcome === 'resumed',
			`${res.status}, ${done?.status}, ${JSON.stringify(out ?? {}).slice(0, 300)}, ${JSON.stringify(item?.answersQuestion)}, runs: ${runsSummary(done)}`,
		);

		// 10. a Flow question: the Flow's flow_token is the reference; its answers (nfm_reply) resume it
		const flowQuestion = await askWorkflow('Ask: flow', {
			message: 'How should we deliver order #1042?',
			responseType: 'flow',
			flowId: '1402236970626093',
			flowCta: 'Answer',
			flowOptions: { screen: 'DELIVERY' },
		});
		const flowBefore = graph.messaging.sent.length;
		await start(flowQuestion.url);
		let flowSend: (typeof graph.messaging.sent)[number] | undefined;
		for (let i = 0; i < 100 && !flowSend; i++) {
			flowSend = graph.messaging.sent
				.slice(flowBefore)
				.find((m) => (m.body as Answer).interactive?.type === 'flow');
			if (!flowSend) await sleep(200);
		}
		const flowParameters = (flowSend?.body as Answer)?.interactive?.action?.parameters ?? {};
		const flowToken = String(flowParameters.flow_token ?? '');
		const flowExecution = flowToken.split('/')[2];
		const flowWaiting = flowExecution ? await waitForStatus(flowExecution, ['waiting']) : undefined;
		check(
			'ask: flow question: the Flow goes out with a signed reference as its flow_token, and the execution waits',
			/^wa1 \/webhook-waiting\/\d+\/[^?]+\?t=flow&c=[A-Za-z0-9_-]{16}&signature=[0-9a-f]{64}$/.test(
				flowToken,
			) &&
				flowParameters.flow_id === '1402236970626093' &&
				flowParameters.flow_action_payload?.screen === 'DELIVERY' &&
				flowWaiting?.status === 'waiting',
			`${JSON.stringify(flowSend?.body ?? null).slice(0, 400)}, ${flowWaiting?.status}`,
		);
		res = await postSigned(
			triggerUrl,
			delivery(MANAGER, {
				context: { from: NUMBER.displayPhoneNumber, id: flowSend?.wamid },
				type: 'interactive',
				interactive: {
					type: 'nfm_reply',
					nfm_reply: {
						name: 'flow',
						body: 'Sent',
						response_json: JSON.stringify({
							flow_token: flowToken,
							delivery_day: 'thursday',
							notes: 'ring twice',
						}),
					},
				},
			}),
			APP.secret,
		);
		done = flowExecution ? await waitForStatus(flowExecution, ['success', 'error']) : undefined;
		out = nodeOutput(done, AFTER)?.[0] as Record<string, Answer> | undefined;
		item = await nextTriggerItem();
		check(
			"ask: flow question: the Flow's answers resume it, as flowResponse without the token",
			res.status === 200 &&
				done?.status === 'success' &&
				out?.responseType === 'flow' &&
				JSON.stringify(out.flowResponse) ===
					JSON.stringify({ delivery_day: 'thursday', notes: 'ring twice' }) &&
				out.questionMessageId === flowSend?.wamid &&
				item?.answersQuestion?.outcome === 'resumed',
			`${res.status}, ${done?.status}, ${JSON.stringify(out ?? {}).slice(0, 300)}, ${JSON.stringify(item?.answersQuestion)}, runs: ${runsSummary(done)}`,
		);

		// 9. examples/whatsapp-approval.json as a user imports it: the manager's and the sender's
		// numbers set, the Graph credential chosen; an order above the limit waits for the manager
		const example = loadExample('whatsapp-approval.json', {
			credentials: { whatsAppBusinessAccountApi: { id: api.id, name: api.name } },
			replace: { '+15550001111': `+${MANAGER.phone}`, '106540352242922': NUMBER.id },
		});
		const examplePath = `order-approval-${crypto.randomUUID()}`;
		const exampleStart = (example.nodes as Answer[]).find((node) => node.name === 'New Order');
		exampleStart.parameters.path = examplePath;
		const exampleCreated = await n8n.importWorkflow(example);
		const exampleUrl = `${n8n.baseUrl}/webhook/${examplePath}`;
		const order = await ask(exampleUrl, { orderId: 'A-7731', amount: 7200, customer: 'Jasper' });
		res = await postSigned(
			triggerUrl,
			answerDelivery(MANAGER, order.question!.wamid, order.question!.options[0]),
			APP.secret,
		);
		done = await waitForStatus(order.executionId!, ['success', 'error'], 30_000, 'Continue Order');
		const continued = nodeOutput(done, 'Continue Order')?.[0] as Record<string, Answer> | undefined;
		item = await nextTriggerItem();
		const small = await start(exampleUrl, { orderId: 'A-7732', amount: 300, customer: 'Jasper' });
		const smallRuns = await n8n.waitForExecutions(exampleCreated.id, 2, {
			timeoutMs: 30_000,
			settleMs: 500,
		});
		const within = smallRuns
			.map((run) => nodeOutput(run, 'Within Limit')?.[0])
			.find((json) => json !== undefined) as Record<string, Answer> | undefined;
		check(
			"ask: examples/whatsapp-approval.json: an order above the limit waits for the manager's Approve and continues; one below goes on without asking",
			order.question?.body?.interactive?.body?.text ===
				'Order A-7731 from Jasper is $7200, above the $5,000 limit. Approve it?' &&
				order.waiting?.status === 'waiting' &&
				done?.status === 'success' &&
				continued?.orderId === 'A-7731' &&
				continued.status === 'approved' &&
				continued.approvedBy === MANAGER.name &&
				small === 200 &&
				within?.status === 'approved without asking',
			`${order.waiting?.status}, ${done?.status}, ${JSON.stringify(continued ?? null)}, ${small}, ${JSON.stringify(within ?? null)}`,
		);

		// the editor form of the example's question, for the docs (docs/images/send-and-wait-form.png)
		const form = await screenshotNodePanel(n8n, {
			workflowId: exampleCreated.id,
			nodeName: 'Ask the Manager',
			file: `ask-send-and-wait-form-n8n${n8n.major}.png`,
		});
		check(
			'ask: the editor shows the Send and Wait form (Response Type, Approval Options, Limit Wait Time), screenshot taken',
			form.ok &&
				['Question As', 'Response Type', 'Approval Options', 'Limit Wait Time'].every((label) =>
					form.text.includes(label),
				),
			`${form.shot ?? ''} ${form.text.replace(/\s+/g, ' ').slice(0, 300)}`,
		);

		// the AI Agent's human review tool: n8n 2.x makes one of every node with a sendAndWait
		// operation and webhooks (its tool-generation/hitl-tools.js); 1.x has none
		const types = await fetch(`${n8n.baseUrl}/types/nodes.json`, {
			headers: { cookie: n8n.cookie ?? '' },
		});
		const typeList = (await types.json().catch(() => [])) as Array<Record<string, Answer>>;
		const hitl = typeList.find((type) =>
			String(type.name).endsWith('whatsAppBusinessAccountHitlTool'),
		);
		const hitlProperties = new Map<string, Answer>(
			((hitl?.properties ?? []) as Answer[]).map((property: Answer) => [property.name, property]),
		);
		check(
			n8n.major >= 2
				? "ask: n8n 2.x offers the node as the AI Agent's human review tool (Approval, resource message, operation sendAndWait)"
				: 'ask: n8n 1.x makes no human review tool of the node',
			n8n.major >= 2
				? hitl !== undefined &&
						hitlProperties.get('responseType')?.default === 'approval' &&
						hitlProperties.get('resource')?.default === 'message' &&
						hitlProperties.get('operation')?.default === 'sendAndWait' &&
						hitlProperties.has('approvalOptions') &&
						hitlProperties.has('recipientPhoneNumber')
				: hitl === undefined,
			`${types.status}, ${hitl ? `${String(hitl.name)}: ${[...hitlProperties.keys()].join(', ')}`.slice(0, 400) : 'no HitlTool'}`,
		);

		// 0, continued: the limited question timed out and passed its input item on
		const timedOut = await waitForStatus(limitedAsk.executionId!, ['success', 'error'], 150_000);
		const passed = nodeOutput(timedOut, AFTER)?.[0] as Record<string, Answer> | undefined;
		check(
			'ask: Limit Wait Time: the execution resumes by itself and passes the input item on (no answered)',
			timedOut?.status === 'success' &&
				passed !== undefined &&
				passed.answered === undefined &&
				typeof passed.headers === 'object',
			`${timedOut?.status} after ${((Date.now() - timedOutSince) / 1000).toFixed(0)} s, ${JSON.stringify(passed ?? {}).slice(0, 200)}`,
		);
		res = await postSigned(
			triggerUrl,
			answerDelivery(MANAGER, limitedAsk.question!.wamid, limitedAsk.question!.options[0]),
			APP.secret,
		);
		item = await nextTriggerItem();
		check(
			'ask: an answer after the time limit is not taken (alreadyAnswered)',
			res.status === 200 && item?.answersQuestion?.outcome === 'alreadyAnswered',
			`${res.status}, ${JSON.stringify(item?.answersQuestion)}`,
		);
	} finally {
		await graph.close();
	}
}
