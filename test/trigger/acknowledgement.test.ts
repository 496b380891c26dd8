import * as n8nWorkflow from 'n8n-workflow';
import {
	NodeHelpers,
	Workflow,
	resolveWebhookDescriptionField,
	type INode,
	type INodeParameters,
	type INodeTypes,
	type IWebhookDescription,
} from 'n8n-workflow';
import { fixture, post, startTrigger } from './support';

import { WhatsAppBusinessAccountTrigger } from '../../nodes/WhatsAppBusinessAccountTrigger/WhatsAppBusinessAccountTrigger.node';
import {
	acknowledgementFields,
	fallbackFieldHelpers,
	fieldHelpers,
} from '../../nodes/WhatsAppBusinessAccountTrigger/acknowledgement';

const nodeType = new WhatsAppBusinessAccountTrigger();
const postWebhook = nodeType.description.webhooks!.find(
	(w) => w.httpMethod === 'POST',
) as IWebhookDescription;

function node(typeVersion: number, parameters: INodeParameters = {}): INode {
	return {
		id: '5c0a1d2e-0000-4000-8000-000000000001',
		name: 'WhatsApp Business Account Trigger',
		type: 'n8n-nodes-whatsapp-business-account.whatsAppBusinessAccountTrigger',
		typeVersion,
		position: [0, 0],
		parameters,
	};
}

/** The node as n8n holds it in a workflow: its parameters with the defaults of its version. */
function inWorkflow(typeVersion: number, parameters: INodeParameters = {}) {
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		id: 'w',
		nodes: [node(typeVersion, parameters)],
		connections: {},
		active: true,
		nodeTypes,
		settings: {},
	});
	return { workflow, node: workflow.getNode('WhatsApp Business Account Trigger')! };
}

/** What n8n answers with: natively when it can (n8n 2.41+), and what its expression engine makes of the template. */
function resolved(typeVersion: number, parameters: INodeParameters = {}) {
	const { workflow, node: held } = inWorkflow(typeVersion, parameters);
	const native = (name: 'responseMode' | 'responseData') => {
		const r = resolveWebhookDescriptionField(held, postWebhook, name);
		return r.resolved ? r.value : 'not resolved natively';
	};
	const engine = (name: 'responseMode' | 'responseData') =>
		workflow.expression.getSimpleParameterValue(held, postWebhook[name] as string, 'webhook', {});
	return {
		parameter: held.parameters.acknowledge,
		native: { responseMode: native('responseMode'), responseData: native('responseData') },
		engine: { responseMode: engine('responseMode'), responseData: engine('responseData') },
	};
}

describe('when the trigger answers Meta (Confirm Receipt to Meta)', () => {
	it('is version 1 and 1.1, 1.1 for new nodes', () => {
		expect(nodeType.description.version).toEqual([1, 1.1]);
		const defaults = NodeHelpers.getNodeParameters(
			nodeType.description.properties,
			{},
			true,
			false,
			node(1.1),
			nodeType.description,
		);
		expect(defaults?.acknowledge).toBe('workflowFinished');
	});

	it('keeps saved version-1 nodes answering once the execution exists, with the receipt', () => {
		expect(resolved(1)).toEqual({
			parameter: 'executionCreated',
			native: { responseMode: 'onReceived', responseData: '' },
			engine: { responseMode: 'onReceived', responseData: '' },
		});
	});

	it('answers new nodes once the workflow has finished, without a body', () => {
		expect(resolved(1.1)).toEqual({
			parameter: 'workflowFinished',
			native: { responseMode: 'lastNode', responseData: 'noData' },
			engine: { responseMode: 'lastNode', responseData: 'noData' },
		});
	});

	it('follows the parameter on either version', () => {
		expect(resolved(1, { acknowledge: 'workflowFinished' }).native).toEqual({
			responseMode: 'lastNode',
			responseData: 'noData',
		});
		expect(resolved(1.1, { acknowledge: 'executionCreated' }).native).toEqual({
			responseMode: 'onReceived',
			responseData: '',
		});
		expect(resolved(1.1, { acknowledge: 'executionCreated' }).engine).toEqual({
			responseMode: 'onReceived',
			responseData: '',
		});
	});

	it('falls back to the expression engine, with the same answer, when another parameter is an expression', () => {
		const r = resolved(1.1, { registration: 'wabaOverride', wabaId: '={{ "102290129340398" }}' });
		expect(r.native.responseMode).toBe('not resolved natively');
		expect(r.engine).toEqual({ responseMode: 'lastNode', responseData: 'noData' });
	});
});

describe("the webhook description helpers: n8n-workflow's own, a copy only for n8n 1.x", () => {
	it("uses n8n-workflow's helpers when the installed n8n-workflow has them", () => {
		const helpers = fieldHelpers();
		expect(helpers.fromFunction).toBe(n8nWorkflow.fromFunction);
		expect(helpers.webhookDescriptionFields).toBe(n8nWorkflow.webhookDescriptionFields);
	});

	it('uses the copy when they are missing (n8n-workflow 1.x)', () => {
		expect(fieldHelpers({})).toBe(fallbackFieldHelpers);
		expect(fieldHelpers({ fromFunction: n8nWorkflow.fromFunction })).toBe(fallbackFieldHelpers);
	});

	it('the copy declares the same templates and resolvers n8n 2.41 reads', () => {
		const ours = {
			name: 'default',
			httpMethod: 'POST',
			path: 'webhook',
			...acknowledgementFields(fallbackFieldHelpers),
		} as IWebhookDescription;
		const theirs = {
			name: 'default',
			httpMethod: 'POST',
			path: 'webhook',
			...acknowledgementFields(fieldHelpers()),
		} as IWebhookDescription;
		expect(ours).toEqual(theirs);
		for (const acknowledge of ['executionCreated', 'workflowFinished']) {
			const held = { parameters: { acknowledge } };
			for (const name of ['responseMode', 'responseData']) {
				const r = resolveWebhookDescriptionField(held, ours, name);
				expect(r).toEqual(resolveWebhookDescriptionField(held, theirs, name));
				expect(r.resolved).toBe(true);
			}
		}
	});
});

describe('the in-process host answers as n8n does', () => {
	it('1.1 by default: 200 without a body, one execution', async () => {
		const host = await startTrigger({}, { typeVersion: 1.1, receipt: false });
		try {
			const answer = await post(host, fixture('webhooks/messages/text.json'));
			expect([answer.status, answer.text]).toEqual([200, '']);
			expect(host.executions).toHaveLength(1);
		} finally {
			await host.close();
		}
	});

	it('version 1 by default: 200 with the receipt', async () => {
		const host = await startTrigger({}, { typeVersion: 1, receipt: false });
		try {
			const answer = await post(host, fixture('webhooks/messages/text.json'));
			expect(answer.json).toEqual({ received: true, changes: 1, items: 1 });
		} finally {
			await host.close();
		}
	});
});

// Issue 23, item 8: a saved version-1 node answers on receipt; the editor says what that risks.
describe('the version-1 notice', () => {
	const notice = nodeType.description.properties.find((p) => p.name === 'answerMetaNotice')!;
	const shown = (typeVersion: number, parameters: INodeParameters = {}) => {
		const values = NodeHelpers.getNodeParameters(
			nodeType.description.properties,
			parameters,
			true,
			false,
			node(typeVersion, parameters),
			nodeType.description,
		)!;
		return NodeHelpers.displayParameter(
			values,
			notice,
			node(typeVersion, values),
			nodeType.description,
		);
	};

	it('shows on a version-1 node answering when the execution is created, saying the risk and the way out', () => {
		expect(notice.type).toBe('notice');
		expect(shown(1)).toBe(true);
		expect(notice.displayName).toMatch(/answers Meta as soon as n8n has created the execution/);
		expect(notice.displayName).toMatch(/queue mode/);
		expect(notice.displayName).toMatch(
			/set Confirm Receipt to Meta to After the Workflow Finishes, or add the trigger again \(version 1\.1/,
		);
	});

	it('does not show once Confirm Receipt to Meta is After the Workflow Finishes, nor on version 1.1', () => {
		expect(shown(1, { acknowledge: 'workflowFinished' })).toBe(false);
		expect(shown(1.1)).toBe(false);
		expect(shown(1.1, { acknowledge: 'executionCreated' })).toBe(false);
	});
});
