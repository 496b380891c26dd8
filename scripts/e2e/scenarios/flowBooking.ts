// The booking example in a real n8n: examples/whatsapp-flow-booking-endpoint.json imported as a
// user imports it, activated, and the booking Flow (examples/flows/appointment-booking.json)
// played through by a Meta-like client with a real RSA key pair: INIT, the day chosen
// (data_exchange), the form filled in on the phone (DETAILS, SUMMARY: no endpoint call), Book
// (data_exchange) and the BOOKED screen's Done. Each answer is checked against the data its
// screen declares in the Flow JSON, each request is built from the Flow JSON's own actions. The
// booked time is then no longer offered, and booking it again gives SUMMARY with an error.
import * as fs from 'fs';

import {
	actionPayload,
	screenDataProblems,
	screenOf,
	type FlowJson,
} from '../../lib/flowJsonScreens';
import { generateFlowKeyPair, MetaFlowClient, type FlowExchange } from '../../lib/metaFlowClient';
import type { Answer } from '../../lib/n8n/client';
import type { N8n } from '../../lib/n8n/instance';
import { fromRoot } from '../../lib/repoRoot';
import { sleep } from '../../lib/sleep';
import type { Check, Step } from '../lib/checks';
import { loadExample } from './examples';
import { FLOW_ENDPOINT_TYPE } from './flowEndpoint';

const EXAMPLE = 'whatsapp-flow-booking-endpoint.json';
const APP_SECRET = '2c9e7a1f4b8d0e3c6a5f9b1d7e2c4a80';

interface ScreenAnswer {
	screen?: string;
	data?: Answer;
}
const screenAnswer = (exchange: FlowExchange): ScreenAnswer =>
	(exchange.answer ?? {}) as ScreenAnswer;
const shown = (exchange: FlowExchange) =>
	`HTTP ${exchange.status} ${JSON.stringify(exchange.answer ?? exchange.text).slice(0, 400)}`;

/** Adds its checks through `check`. */
export async function flowBookingChecks(
	n8n: N8n,
	{ check, step }: { check: Check; step: Step },
): Promise<void> {
	step(`Booking Flow example (examples/${EXAMPLE}) played through with real encryption`);
	const flow = JSON.parse(
		fs.readFileSync(fromRoot('examples', 'flows', 'appointment-booking.json'), 'utf8'),
	) as FlowJson;
	const keys = generateFlowKeyPair();
	const credential = await n8n.createCredential(
		'E2E booking Flow endpoint',
		'whatsAppFlowEndpointApi',
		{ privateKey: keys.privateKeyPem, passphrase: '', appSecret: APP_SECRET },
	);
	const workflow = loadExample(EXAMPLE, {
		credentials: { whatsAppFlowEndpointApi: { id: credential.id, name: credential.name } },
	});
	const created = await n8n.importWorkflow(workflow, { activate: true });
	const trigger: Answer = workflow.nodes.find((n) => n.type === FLOW_ENDPOINT_TYPE) ?? {};
	const client = new MetaFlowClient(
		`${n8n.baseUrl}/webhook/${trigger.webhookId}/flow`,
		keys.publicKeyPem,
		APP_SECRET,
	);
	const ask = (flowToken: string, request: Answer) =>
		client.send({ version: flow.data_api_version, flow_token: flowToken, ...request });
	try {
		// n8n registers an activated workflow's webhooks a moment after answering the activation
		let ping = await client.send({ version: '3.0', action: 'ping' });
		for (let i = 0; i < 100 && ping.status === 404; i++) {
			await sleep(300);
			ping = await client.send({ version: '3.0', action: 'ping' });
		}
		check('booking example: imported, activated, health check answered', ping.status === 200);

		// 1. the customer opens the Flow
		const init = await ask('e2e-booking-a', { action: 'INIT' });
		const opened = screenAnswer(init);
		const dates: Array<{ id: string; title: string }> = opened.data?.dates ?? [];
		check(
			'booking example: INIT answers APPOINTMENT with the free days, exactly the data APPOINTMENT declares',
			init.status === 200 &&
				opened.screen === 'APPOINTMENT' &&
				screenDataProblems(flow, 'APPOINTMENT', opened.data).length === 0 &&
				dates.length > 0 &&
				opened.data?.times.length > 0 &&
				opened.data?.is_time_enabled === false,
			`${shown(init)} ${screenDataProblems(flow, 'APPOINTMENT', opened.data).join('; ')}`,
		);

		// 2. chooses a day: the Day dropdown's on-select-action
		const appointment = screenOf(flow, 'APPOINTMENT');
		const day = dates[0]?.id;
		const select = actionPayload(appointment, { form: { date: day }, data: opened.data }, 'date');
		const dayChosen = await ask('e2e-booking-a', {
			action: select.action.name,
			screen: 'APPOINTMENT',
			data: select.payload,
		});
		const withTimes = screenAnswer(dayChosen);
		const times: Array<{ id: string; title: string }> = withTimes.data?.times ?? [];
		check(
			"booking example: the day chosen (data_exchange) answers APPOINTMENT with that day's free times, time enabled",
			dayChosen.status === 200 &&
				withTimes.screen === 'APPOINTMENT' &&
				screenDataProblems(flow, 'APPOINTMENT', withTimes.data).length === 0 &&
				times.length > 0 &&
				withTimes.data?.is_time_enabled === true &&
				JSON.stringify(withTimes.data?.dates) === JSON.stringify(dates),
			`${shown(dayChosen)} ${screenDataProblems(flow, 'APPOINTMENT', withTimes.data).join('; ')}`,
		);

		// 3. picks a time and fills in the form: DETAILS and SUMMARY happen on the phone
		const time = times[times.length - 1]?.id;
		const toDetails = actionPayload(appointment, {
			form: { date: day, time },
			data: withTimes.data,
		});
		const toSummary = actionPayload(screenOf(flow, 'DETAILS'), {
			form: { name: 'Sheena Nelson', email: 'sheena@example.com', phone: '+16505551234' },
			data: toDetails.payload,
		});
		const book = actionPayload(screenOf(flow, 'SUMMARY'), { form: {}, data: toSummary.payload });
		const navigationProblems = [
			...screenDataProblems(flow, 'DETAILS', toDetails.payload),
			...screenDataProblems(flow, 'SUMMARY', toSummary.payload),
		];
		check(
			'booking example: the Flow JSON carries the day and time through DETAILS to SUMMARY, then Book is a data_exchange',
			toDetails.action.next?.name === 'DETAILS' &&
				toSummary.action.next?.name === 'SUMMARY' &&
				navigationProblems.length === 0 &&
				book.action.name === 'data_exchange' &&
				book.payload.date === day &&
				book.payload.time === time,
			`${navigationProblems.join('; ')} ${JSON.stringify(book.payload)}`,
		);

		// 4. taps Book
		const booking = await ask('e2e-booking-a', {
			action: book.action.name,
			screen: 'SUMMARY',
			data: book.payload,
		});
		const booked = screenAnswer(booking);
		check(
			'booking example: Book (data_exchange) answers BOOKED with a booking ID, the day, the time and a confirmation, exactly the data BOOKED declares',
			booking.status === 200 &&
				booked.screen === 'BOOKED' &&
				screenDataProblems(flow, 'BOOKED', booked.data).length === 0 &&
				/^BK-[A-Z0-9]{4}$/.test(booked.data?.booking_id) &&
				booked.data?.date === day &&
				booked.data?.time === time &&
				String(booked.data?.confirmation).includes('sheena@example.com'),
			`${shown(booking)} ${screenDataProblems(flow, 'BOOKED', booked.data).join('; ')}`,
		);
		const done = actionPayload(screenOf(flow, 'BOOKED'), { form: {}, data: booked.data ?? {} });
		check(
			"booking example: BOOKED's Done completes the Flow with the booking ID, day and time",
			done.action.name === 'complete' &&
				done.payload.booking_id === booked.data?.booking_id &&
				done.payload.date === day &&
				done.payload.time === time,
			JSON.stringify(done),
		);

		// 5. another customer: the booked time is gone, and booking it anyway is refused on SUMMARY
		const later = screenAnswer(
			await ask('e2e-booking-b', {
				action: select.action.name,
				screen: 'APPOINTMENT',
				data: select.payload,
			}),
		);
		const laterTimes: Array<{ id: string }> = later.data?.times ?? [];
		const twice = await ask('e2e-booking-b', {
			action: book.action.name,
			screen: 'SUMMARY',
			data: book.payload,
		});
		const refused = screenAnswer(twice);
		check(
			'booking example: a booked time is no longer offered, and booking it again answers SUMMARY with an error_message',
			later.screen === 'APPOINTMENT' &&
				laterTimes.length > 0 &&
				!laterTimes.some((t) => t.id === time) &&
				refused.screen === 'SUMMARY' &&
				typeof refused.data?.error_message === 'string' &&
				screenDataProblems(flow, 'SUMMARY', refused.data).length === 0,
			`times now ${JSON.stringify(laterTimes)}; ${shown(twice)}`,
		);

		const executions = await n8n.waitForExecutions(created.id, 5);
		check(
			'booking example: five executions (INIT, day, Book, day, Book again), all successful',
			executions.length === 5 && executions.every((e) => e.status === 'success'),
			executions.map((e) => e.status).join(', '),
		);
	} finally {
		await n8n
			.api('POST', `/workflows/${created.id}/deactivate`, {}, { expect: [200, 400, 404] })
			.catch(() => undefined);
	}
}
