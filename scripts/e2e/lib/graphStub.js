'use strict';
// A Graph API stand-in on loopback for the end-to-end run: answers the WABA calls the action
// node makes with the shapes of Meta's documented answers (lists paged with cursors and a
// `next` URL), and records every request it receives so the test can assert on them.
const http = require('node:http');

const { routeOps, DOWNLOAD_PATH } = require('./actionOps');

const WABA_ID = '102290129340398';
const BUSINESS_ID = '506914307656634';
const VERSION = 'v23.0';

/** Splits `items` into pages of `size`, as Graph does: cursors, and `next` on all but the last. */
function page(baseUrl, path, items, query, size) {
	const start = query.after ? Number(Buffer.from(query.after, 'base64').toString('utf8')) : 0;
	const limit = Math.min(Number(query.limit) || size, size);
	const data = items.slice(start, start + limit);
	const cursor = (n) => Buffer.from(String(n)).toString('base64');
	const paging = { cursors: { before: cursor(start), after: cursor(start + data.length) } };
	if (start + data.length < items.length) {
		const next = new URL(`${baseUrl}/${VERSION}${path}`);
		for (const [k, v] of Object.entries(query)) if (k !== 'after') next.searchParams.set(k, v);
		next.searchParams.set('after', paging.cursors.after);
		paging.next = next.toString();
	}
	return { data, paging };
}

const phoneNumbers = Array.from({ length: 5 }, (_, i) => ({
	verified_name: `Jasper's Market ${i + 1}`,
	code_verification_status: 'VERIFIED',
	display_phone_number: `+1 555-019-${String(1000 + i)}`,
	quality_rating: ['GREEN', 'YELLOW', 'GREEN', 'RED', 'UNKNOWN'][i],
	platform_type: 'CLOUD_API',
	throughput: { level: 'STANDARD' },
	id: String(106540352242922n + BigInt(i)),
}));

const assignedUsers = Array.from({ length: 3 }, (_, i) => ({
	id: String(1972385232742140n + BigInt(i)),
	name: ['Lucas Martin', 'Ana Souza', 'Kenji Sato'][i],
	tasks: i === 0 ? ['MANAGE'] : ['DEVELOP', 'VIEW_TEMPLATES'],
}));

const templates = Array.from({ length: 7 }, (_, i) => ({
	name: `order_update_${i + 1}`,
	components: [{ type: 'BODY', text: `Your order {{1}} is ${['packed', 'shipped'][i % 2]}.`, example: { body_text: [['#1234']] } }],
	language: 'en_US',
	status: ['APPROVED', 'PENDING', 'REJECTED'][i % 3],
	category: ['UTILITY', 'MARKETING'][i % 2],
	id: String(1213131231231n + BigInt(i)),
}));

function route(req, url, body, baseUrl) {
	const query = Object.fromEntries(url.searchParams);
	const prefix = `/${VERSION}`;
	if (!url.pathname.startsWith(prefix + '/')) return [404, { error: { message: 'Unknown path', type: 'OAuthException', code: 803, fbtrace_id: 'StubTrace' } }];
	const path = url.pathname.slice(prefix.length);
	const m = req.method;
	if (m === 'GET' && path === `/${WABA_ID}`) {
		const answer = { id: WABA_ID, name: 'Jasper\'s Market', timezone_id: '1', message_template_namespace: 'c8ae5f90_307a_ca4c_b8f6_d1e2a2573574' };
		for (const f of (query.fields || '').split(',').filter(Boolean)) {
			if (f === 'currency') answer.currency = 'USD';
			if (f === 'business_verification_status') answer.business_verification_status = 'verified';
			if (f === 'account_review_status') answer.account_review_status = 'APPROVED';
		}
		return [200, answer];
	}
	if (m === 'POST' && path === `/${WABA_ID}`) return [200, { success: true }];
	if (path === `/${WABA_ID}/subscribed_apps`) {
		if (m === 'GET') return [200, { data: [{ whatsapp_business_api_data: { link: 'https://www.facebook.com/games/?app_id=67084843893', name: 'Jasper Orders', id: '67084843893' } }] }];
		if (m === 'POST' || m === 'DELETE') return [200, { success: 'true' }];
	}
	if (path === `/${WABA_ID}/assigned_users`) {
		if (m === 'GET') {
			if (!query.business) return [400, { error: { message: '(#100) The parameter business is required', type: 'OAuthException', code: 100, fbtrace_id: 'StubTrace' } }];
			return [200, page(baseUrl, path, assignedUsers, query, 2)];
		}
		if (m === 'POST' || m === 'DELETE') return [200, { success: true }];
	}
	if (m === 'GET' && path === `/${WABA_ID}/phone_numbers`) return [200, page(baseUrl, path, phoneNumbers, query, 2)];
	if (m === 'GET' && path === `/${WABA_ID}/message_templates`) return [200, page(baseUrl, path, templates, query, 3)];
	const phone = phoneNumbers.find((p) => path === `/${p.id}`);
	if (m === 'GET' && phone) return [200, phone];
	return [400, { error: { message: `Unsupported ${m} request`, type: 'GraphMethodException', code: 100, error_subcode: 33, fbtrace_id: 'StubTrace' } }];
}

async function startGraphStub() {
	const requests = [];
	const downloads = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const url = new URL(req.url, 'http://127.0.0.1');
			const body = Buffer.concat(chunks).toString('utf8');
			const base = `http://127.0.0.1:${server.address().port}`;
			const raw = Buffer.concat(chunks).toString('latin1');
			const record = {
				method: req.method,
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				body: body ? Object.fromEntries(new URLSearchParams(body)) : {},
				raw,
				contentType: req.headers['content-type'],
				authorization: req.headers.authorization,
				fileOffset: req.headers.file_offset,
			};
			// media downloads go to Meta's lookaside host, not Graph: kept apart
			(url.pathname === DOWNLOAD_PATH ? downloads : requests).push(record);
			const versionPath = url.pathname.startsWith(`/${VERSION}/`) ? url.pathname.slice(VERSION.length + 1) : undefined;
			const [status, answer, type] = routeOps(req.method, url.pathname, versionPath, record.query, base) || route(req, url, body, base);
			if (Buffer.isBuffer(answer)) {
				res.writeHead(status, { 'content-type': type, 'content-length': answer.length });
				res.end(answer);
				return;
			}
			res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
			res.end(JSON.stringify(answer));
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		requests,
		downloads,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

module.exports = { startGraphStub, WABA_ID, BUSINESS_ID, VERSION, phoneNumbers, assignedUsers, templates };
