// A Graph API stand-in on loopback for the end-to-end run's action workflow: answers the WABA
// calls the action node makes with the shapes of Meta's documented answers (lists paged with
// cursors and a `next` URL, bytes from the lookaside host), and records every request it
// receives, byte for byte, so the checks can assert on them.
import * as http from 'http';
import type { AddressInfo } from 'net';

import { DOWNLOAD_PATH, routeOps, type StubAnswer } from './actionOps';

export const WABA_ID = '102290129340398';
export const BUSINESS_ID = '506914307656634';
export const VERSION = 'v23.0';

/** One request the stand-in received. */
export interface StubRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	/** The body read as a form (the action node's form-encoded calls). */
	body: Record<string, string>;
	/** The body's bytes as latin1 text (multipart uploads, JSON). */
	raw: string;
	contentType?: string;
	authorization?: string;
	fileOffset?: string;
}

export interface GraphStubServer {
	url: string;
	requests: StubRequest[];
	/** Media downloads (Meta's lookaside host, not Graph): kept apart. */
	downloads: StubRequest[];
	close(): Promise<void>;
}

type Query = Record<string, string>;

/** Splits `items` into pages of `size`, as Graph does: cursors, and `next` on all but the last. */
function page(baseUrl: string, path: string, items: unknown[], query: Query, size: number) {
	const start = query.after ? Number(Buffer.from(query.after, 'base64').toString('utf8')) : 0;
	const limit = Math.min(Number(query.limit) || size, size);
	const data = items.slice(start, start + limit);
	const cursor = (n: number) => Buffer.from(String(n)).toString('base64');
	const paging: { cursors: { before: string; after: string }; next?: string } = {
		cursors: { before: cursor(start), after: cursor(start + data.length) },
	};
	if (start + data.length < items.length) {
		const next = new URL(`${baseUrl}/${VERSION}${path}`);
		for (const [k, v] of Object.entries(query)) if (k !== 'after') next.searchParams.set(k, v);
		next.searchParams.set('after', paging.cursors.after);
		paging.next = next.toString();
	}
	return { data, paging };
}

export const phoneNumbers = Array.from({ length: 5 }, (_, i) => ({
	verified_name: `Jasper's Market ${i + 1}`,
	code_verification_status: 'VERIFIED',
	display_phone_number: `+1 555-019-${String(1000 + i)}`,
	quality_rating: ['GREEN', 'YELLOW', 'GREEN', 'RED', 'UNKNOWN'][i],
	platform_type: 'CLOUD_API',
	throughput: { level: 'STANDARD' },
	id: String(106540352242922n + BigInt(i)),
}));

export const assignedUsers = Array.from({ length: 3 }, (_, i) => ({
	id: String(1972385232742140n + BigInt(i)),
	name: ['Lucas Martin', 'Ana Souza', 'Kenji Sato'][i],
	tasks: i === 0 ? ['MANAGE'] : ['DEVELOP', 'VIEW_TEMPLATES'],
}));

export const templates = Array.from({ length: 7 }, (_, i) => ({
	name: `order_update_${i + 1}`,
	components: [
		{
			type: 'BODY',
			text: `Your order {{1}} is ${['packed', 'shipped'][i % 2]}.`,
			example: { body_text: [['#1234']] },
		},
	],
	language: 'en_US',
	status: ['APPROVED', 'PENDING', 'REJECTED'][i % 3],
	category: ['UTILITY', 'MARKETING'][i % 2],
	id: String(1213131231231n + BigInt(i)),
}));

function route(method: string, url: URL, baseUrl: string): StubAnswer {
	const query = Object.fromEntries(url.searchParams);
	const prefix = `/${VERSION}`;
	if (!url.pathname.startsWith(prefix + '/'))
		return [
			404,
			{
				error: {
					message: 'Unknown path',
					type: 'OAuthException',
					code: 803,
					fbtrace_id: 'StubTrace',
				},
			},
		];
	const path = url.pathname.slice(prefix.length);
	const m = method;
	if (m === 'GET' && path === `/${WABA_ID}`) {
		const answer: Record<string, string> = {
			id: WABA_ID,
			name: "Jasper's Market",
			timezone_id: '1',
			message_template_namespace: 'c8ae5f90_307a_ca4c_b8f6_d1e2a2573574',
		};
		for (const f of (query.fields || '').split(',').filter(Boolean)) {
			if (f === 'currency') answer.currency = 'USD';
			if (f === 'business_verification_status') answer.business_verification_status = 'verified';
			if (f === 'account_review_status') answer.account_review_status = 'APPROVED';
		}
		return [200, answer];
	}
	if (m === 'POST' && path === `/${WABA_ID}`) return [200, { success: true }];
	if (path === `/${WABA_ID}/subscribed_apps`) {
		if (m === 'GET')
			return [
				200,
				{
					data: [
						{
							whatsapp_business_api_data: {
								link: 'https://www.facebook.com/games/?app_id=67084843893',
								name: 'Jasper Orders',
								id: '67084843893',
							},
						},
					],
				},
			];
		if (m === 'POST' || m === 'DELETE') return [200, { success: 'true' }];
	}
	if (path === `/${WABA_ID}/assigned_users`) {
		if (m === 'GET') {
			if (!query.business)
				return [
					400,
					{
						error: {
							message: '(#100) The parameter business is required',
							type: 'OAuthException',
							code: 100,
							fbtrace_id: 'StubTrace',
						},
					},
				];
			return [200, page(baseUrl, path, assignedUsers, query, 2)];
		}
		if (m === 'POST' || m === 'DELETE') return [200, { success: true }];
	}
	if (m === 'GET' && path === `/${WABA_ID}/phone_numbers`)
		return [200, page(baseUrl, path, phoneNumbers, query, 2)];
	if (m === 'GET' && path === `/${WABA_ID}/message_templates`)
		return [200, page(baseUrl, path, templates, query, 3)];
	const phone = phoneNumbers.find((p) => path === `/${p.id}`);
	if (m === 'GET' && phone) return [200, phone];
	return [
		400,
		{
			error: {
				message: `Unsupported ${m} request`,
				type: 'GraphMethodException',
				code: 100,
				error_subcode: 33,
				fbtrace_id: 'StubTrace',
			},
		},
	];
}

export async function startGraphStub(): Promise<GraphStubServer> {
	const requests: StubRequest[] = [];
	const downloads: StubRequest[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const method = req.method ?? 'GET';
			const body = Buffer.concat(chunks).toString('utf8');
			const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			const raw = Buffer.concat(chunks).toString('latin1');
			const header = (name: string) => req.headers[name] as string | undefined;
			const record: StubRequest = {
				method,
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				body: body ? Object.fromEntries(new URLSearchParams(body)) : {},
				raw,
				contentType: header('content-type'),
				authorization: header('authorization'),
				fileOffset: header('file_offset'),
			};
			// media downloads go to Meta's lookaside host, not Graph: kept apart
			(url.pathname === DOWNLOAD_PATH ? downloads : requests).push(record);
			const versionPath = url.pathname.startsWith(`/${VERSION}/`)
				? url.pathname.slice(VERSION.length + 1)
				: undefined;
			const [status, answer, type] =
				routeOps(method, url.pathname, versionPath, record.query, base) || route(method, url, base);
			if (Buffer.isBuffer(answer)) {
				res.writeHead(status, { 'content-type': type, 'content-length': answer.length });
				res.end(answer);
				return;
			}
			res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
			res.end(JSON.stringify(answer));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		downloads,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
