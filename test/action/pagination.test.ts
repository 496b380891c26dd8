import { byId, graph, page, PROOF, template, versionPath, WABA_ID } from './support/graph';
import nock from '../support/nock';
import { runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

const path = versionPath(`/${WABA_ID}/message_templates`);
const templates = Array.from({ length: 6 }, (_, i) =>
	template(`59442547926159${i}`, `template_${i}`),
);

/** Three pages of two templates, chained by `after` cursors. */
function threePages(query: Record<string, string> = {}) {
	return [
		graph()
			.get(path)
			.query({ ...query, appsecret_proof: PROOF })
			.reply(200, page(templates.slice(0, 2), 'QVFIUnBhZ2Uy')),
		graph()
			.get(path)
			.query({ ...query, after: 'QVFIUnBhZ2Uy', appsecret_proof: PROOF })
			.reply(200, page(templates.slice(2, 4), 'QVFIUnBhZ2Uz')),
		graph()
			.get(path)
			.query({ ...query, after: 'QVFIUnBhZ2Uz', appsecret_proof: PROOF })
			.reply(200, page(templates.slice(4, 6))),
	];
}

describe('Pagination', () => {
	it('Return All follows the cursors across three pages, under our own base URL', async () => {
		const scopes = threePages();
		const { items, error } = await runNode({
			parameters: {
				resource: 'messageTemplate',
				operation: 'list',
				wabaId: byId(WABA_ID),
				returnAll: true,
			},
		});
		expect(error).toBeUndefined();
		expect(scopes.every((s) => s.isDone())).toBe(true);
		expect(items.map((i) => i.json)).toEqual(templates);
		expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('a Limit stops in the middle of the second page and reads no further', async () => {
		const scopes = threePages({ limit: '3' });
		const { items, error } = await runNode({
			parameters: {
				resource: 'messageTemplate',
				operation: 'list',
				wabaId: byId(WABA_ID),
				limit: 3,
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual(templates.slice(0, 3));
		expect(scopes[0].isDone() && scopes[1].isDone()).toBe(true);
		expect(scopes[2].isDone()).toBe(false);
		nock.cleanAll();
	});

	it('a Limit inside the first page makes one call', async () => {
		const scopes = threePages({ limit: '1' });
		const { items } = await runNode({
			parameters: {
				resource: 'messageTemplate',
				operation: 'list',
				wabaId: byId(WABA_ID),
				limit: 1,
			},
		});
		expect(items.map((i) => i.json)).toEqual(templates.slice(0, 1));
		expect(scopes.map((s) => s.isDone())).toEqual([true, false, false]);
		nock.cleanAll();
	});

	it('follows a `next` URL without cursors by its query, not its host', async () => {
		graph()
			.get(path)
			.query({ appsecret_proof: PROOF })
			.reply(200, {
				data: templates.slice(0, 1),
				paging: { next: `https://graph.facebook.com${path}?access_token=EAAleak&offset=1&limit=1` },
			});
		graph()
			.get(path)
			.query({ offset: '1', limit: '1', appsecret_proof: PROOF })
			.reply(200, { data: templates.slice(1, 2), paging: {} });
		const { items, error } = await runNode({
			parameters: {
				resource: 'messageTemplate',
				operation: 'list',
				wabaId: byId(WABA_ID),
				returnAll: true,
			},
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual(templates.slice(0, 2));
	});

	it('Return All across three pages works for phone numbers too', async () => {
		const phonePath = versionPath(`/${WABA_ID}/phone_numbers`);
		const numbers = [{ id: '1' }, { id: '2' }, { id: '3' }];
		graph()
			.get(phonePath)
			.query({ appsecret_proof: PROOF })
			.reply(200, page([numbers[0]], 'YQ', `/${WABA_ID}/phone_numbers`));
		graph()
			.get(phonePath)
			.query({ after: 'YQ', appsecret_proof: PROOF })
			.reply(200, page([numbers[1]], 'Yg', `/${WABA_ID}/phone_numbers`));
		graph()
			.get(phonePath)
			.query({ after: 'Yg', appsecret_proof: PROOF })
			.reply(200, page([numbers[2]]));
		const { items } = await runNode({
			parameters: {
				resource: 'phoneNumber',
				operation: 'list',
				wabaId: byId(WABA_ID),
				returnAll: true,
			},
		});
		expect(items.map((i) => i.json)).toEqual(numbers);
	});
});
