// The Meta the end-to-end action workflow runs against: the stateful Graph stand-in
// (scripts/lib/metaGraphStub.ts) holding one app, its system user's token, one WABA with five
// numbers, users, templates, a customer's photo, analytics and activities, plus a loopback
// callback that answers Meta's verification for the Subscribe step's override.
import * as crypto from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';

import { MetaGraphStub } from '../../lib/metaGraphStub';
import { attachTemplateMessaging, type TemplateMessaging } from '../../lib/metaGraphTemplates';

export const VERSION = 'v23.0';
export const WABA_ID = '102290129340398';
export const BUSINESS_ID = '506914307656634';
export const PHONE_NUMBER_ID = '106540352242922';
/** An approved template with analytics (the Analytics Templates step asks for it). */
export const TEMPLATE_ID = '572279198452421';
/** A photo a customer sent (its ID came with a webhook). */
export const MEDIA_ID = '1037543291543636';
/** A business user not yet assigned to the WABA (Add, then Remove). */
export const NEW_USER_ID = '1972385232742147';
export const OVERRIDE_VERIFY_TOKEN = 'e2e-override-token';
/** A verification code the business phone receives (request_code sends it). */
const SMS_CODE = '123456';
export const JUNE_1 = Date.UTC(2026, 5, 1) / 1000;

/** The media file: a JPEG's first bytes and a payload. */
export const MEDIA_BYTES = Buffer.concat([
	Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
	Buffer.from('e2e media payload '.repeat(64)),
]);
export const MEDIA_SHA256 = crypto.createHash('sha256').update(MEDIA_BYTES).digest('hex');

export const phoneNumbers = Array.from({ length: 5 }, (_, i) => ({
	id: String(BigInt(PHONE_NUMBER_ID) + BigInt(i)),
	displayPhoneNumber: `+1 555-019-${String(1000 + i)}`,
	fields: {
		verified_name: `Jasper's Market ${i + 1}`,
		code_verification_status: 'VERIFIED',
		quality_rating: ['GREEN', 'YELLOW', 'GREEN', 'RED', 'UNKNOWN'][i],
		platform_type: 'CLOUD_API',
		throughput: { level: 'STANDARD' },
	},
}));

export const assignedUsers = Array.from({ length: 3 }, (_, i) => ({
	id: String(1972385232742140n + BigInt(i)),
	name: ['Lucas Martin', 'Ana Souza', 'Kenji Sato'][i],
	tasks: i === 0 ? ['MANAGE'] : ['DEVELOP', 'VIEW_TEMPLATES'],
}));

export const templates = Array.from({ length: 7 }, (_, i) => ({
	id: i === 0 ? TEMPLATE_ID : String(1213131231231n + BigInt(i)),
	name: `order_update_${i + 1}`,
	language: 'en_US',
	status: ['APPROVED', 'APPROVED', 'PENDING', 'APPROVED', 'REJECTED', 'APPROVED', 'APPROVED'][i],
	category: ['UTILITY', 'MARKETING'][i % 2],
	components: [
		{
			type: 'BODY',
			text: `Your order {{1}} is ${['packed', 'shipped'][i % 2]}.`,
			example: { body_text: [['#1234']] },
		},
	],
}));

export interface ActionGraph {
	graph: MetaGraphStub;
	templates: TemplateMessaging;
	/** A loopback callback answering Meta's verification with OVERRIDE_VERIFY_TOKEN. */
	overrideUrl: string;
	close(): Promise<void>;
}

/** A URL that answers Meta's GET verification (hub.challenge) when the verify token matches. */
async function verificationCallback(
	verifyToken: string,
): Promise<{ url: string; server: http.Server }> {
	const server = http.createServer((req, res) => {
		const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
		if (query.get('hub.mode') !== 'subscribe' || query.get('hub.verify_token') !== verifyToken)
			return void res.writeHead(403).end('Forbidden');
		res.writeHead(200, { 'content-type': 'text/plain' }).end(query.get('hub.challenge') ?? '');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/waba`, server };
}

export async function startActionGraph(app: {
	appId: string;
	appSecret: string;
	accessToken: string;
}): Promise<ActionGraph> {
	// two items a page, so that every list is read over several pages
	const graph = await MetaGraphStub.start({ maxPageSize: 2 });
	// a template's review ends as soon as it starts (Meta's automated review of a utility template)
	const templateMessaging = attachTemplateMessaging(graph, { reviewMs: 0 });
	graph.addApp({ id: app.appId, secret: app.appSecret, name: 'Jasper Orders' });
	graph.addSystemUserToken(app.appId, app.accessToken);
	graph.account.addAccount(WABA_ID, {
		name: "Jasper's Market",
		timezone_id: '1',
		message_template_namespace: 'c8ae5f90_307a_ca4c_b8f6_d1e2a2573574',
		currency: 'USD',
		business_verification_status: 'verified',
		account_review_status: 'APPROVED',
		is_enabled_for_insights: false,
	});
	graph.setSubscribedApp(WABA_ID, app.appId);
	for (const number of phoneNumbers) graph.addPhoneNumber(WABA_ID, number);
	graph.phoneNumbers.get(PHONE_NUMBER_ID)!.profile = {
		about: 'Succulent specialists!',
		address: '1 Hacker Way, Menlo Park, CA 94025',
		email: 'contact@luckyshrub.com',
		websites: ['https://www.luckyshrub.com'],
		vertical: 'RETAIL',
	};
	graph.account.newCode = () => SMS_CODE;
	for (const user of assignedUsers) {
		graph.account.addBusinessUser(user.id, user.name);
		graph.account.assignUser(WABA_ID, user.id, user.tasks);
	}
	graph.account.addBusinessUser(NEW_USER_ID, 'Priya Nair');
	for (const template of templates) templateMessaging.addTemplate(WABA_ID, template);
	graph.media.addMedia(PHONE_NUMBER_ID, {
		id: MEDIA_ID,
		bytes: MEDIA_BYTES,
		mimeType: 'image/jpeg',
	});
	const days = [0, 1].map((d) => ({ start: JUNE_1 + d * 86400, end: JUNE_1 + (d + 1) * 86400 }));
	graph.account.addDataPoints(
		WABA_ID,
		'pricing_analytics',
		days.map((day) => ({
			...day,
			country: 'US',
			pricing_category: 'MARKETING',
			volume: 12,
			cost: 0.3,
		})),
	);
	graph.account.addDataPoints(
		WABA_ID,
		'conversation_analytics',
		days.map((day) => ({ ...day, conversation: 4, country: 'US', cost: 0.1 })),
	);
	graph.account.addDataPoints(WABA_ID, 'template_analytics', [
		{
			template_id: TEMPLATE_ID,
			...days[0],
			sent: 10,
			delivered: 9,
			read: 7,
			clicked: [{ type: 'quick_reply_button', button_content: 'Track order', count: 3 }],
			cost: [
				{ type: 'amount_spent', value: 0.25 },
				{ type: 'cost_per_delivered', value: 0.03 },
			],
		},
	]);
	graph.account.addActivities(WABA_ID, [
		{
			id: '1234567890123456',
			event_type: 'PHONE_NUMBER_ADDED',
			category: 'PHONE_NUMBER',
			timestamp: 1697377800,
			actor_id: '9876543210987654',
			actor_business_id: '5678901234567890',
		},
	]);
	const callback = await verificationCallback(OVERRIDE_VERIFY_TOKEN);
	return {
		graph,
		templates: templateMessaging,
		overrideUrl: callback.url,
		close: async () => {
			await new Promise<void>((resolve) => callback.server.close(() => resolve()));
			await graph.close();
		},
	};
}
