import { byId, graph, graphError, PROOF, versionPath } from './support/graph';
import { runNode } from './support/runner';
import { useGraphMocks } from './support/setup';

useGraphMocks();

const items = [
	{ waba: '111111111111111' },
	{ waba: '222222222222222' },
	{ waba: '333333333333333' },
];
const parameters = {
	resource: 'account',
	operation: 'get',
	wabaId: byId('={{ $json.waba }}'),
	fields: ['id', 'name'],
};

function mockThree() {
	graph()
		.get(versionPath('/111111111111111'))
		.query({ fields: 'id,name', appsecret_proof: PROOF })
		.reply(200, { id: '111111111111111', name: 'One' });
	graph()
		.get(versionPath('/222222222222222'))
		.query({ fields: 'id,name', appsecret_proof: PROOF })
		.reply(
			400,
			graphError(100, 'Unsupported get request.', {
				type: 'GraphMethodException',
				error_subcode: 33,
			}),
		);
	graph()
		.get(versionPath('/333333333333333'))
		.query({ fields: 'id,name', appsecret_proof: PROOF })
		.reply(200, { id: '333333333333333', name: 'Three' });
}

describe('Continue on fail', () => {
	it("keeps going: the failed item carries Meta's code and trace id, the others their answer", async () => {
		mockThree();
		const result = await runNode({ parameters, items, continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items[0]).toEqual({
			json: { id: '111111111111111', name: 'One' },
			pairedItem: { item: 0 },
		});
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
		expect(result.items[1].json).toMatchObject({
			error: 'The Graph API rejected a parameter: Unsupported get request.',
			code: 100,
			subcode: 33,
			fbtrace_id: 'AbCdEfGhIjKlMnOp',
			type: 'GraphMethodException',
			httpStatus: 400,
		});
		expect(result.items[2]).toEqual({
			json: { id: '333333333333333', name: 'Three' },
			pairedItem: { item: 2 },
		});
	});

	it('without it, the node stops at the failing item', async () => {
		graph()
			.get(versionPath('/111111111111111'))
			.query({ fields: 'id,name', appsecret_proof: PROOF })
			.reply(200, { id: '111111111111111', name: 'One' });
		graph()
			.get(versionPath('/222222222222222'))
			.query({ fields: 'id,name', appsecret_proof: PROOF })
			.reply(400, graphError(100, 'Unsupported get request.'));
		const result = await runNode({ parameters, items });
		expect(result.items).toEqual([]);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.context).toMatchObject({ itemIndex: 1, graphErrorCode: 100 });
	});
});
