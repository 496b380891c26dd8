/**
 * Runs the action node's `execute` the way n8n does for one node of a workflow, in this
 * process: n8n-workflow's Workflow holding the node, n8n-core's ExecuteContext around it with
 * the given input items, and the credential type's own `authenticate` on every request. What
 * n8n does around a node (the database, other nodes, the editor) is left out; the node's
 * parameters, expressions and HTTP requests are n8n's.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
} from 'n8n-workflow';

import { WhatsAppBusinessAccount } from '../../nodes/WhatsAppBusinessAccount/WhatsAppBusinessAccount.node.js';
import { additionalDataFor, credentialsHelperFor, loadN8n } from './inProcessN8n';

export const ACTION_TYPE = 'n8n-nodes-whatsapp-business-account.whatsAppBusinessAccount';

export interface ActionRun {
	parameters: INodeParameters;
	items: IDataObject[];
	credentials: {
		whatsAppBusinessAccountApi: {
			accessToken: string;
			appSecret?: string;
			apiVersion?: string;
			baseUrl?: string;
		};
	};
	continueOnFail?: boolean;
}

/** n8n-core's ExecuteContext for one run of the action node, as n8n would hand it to `execute`. */
export function actionContext(run: ActionRun): { nodeType: INodeType; context: IExecuteFunctions } {
	const { core, workflow: wf } = loadN8n();
	const nodeType: INodeType = new WhatsAppBusinessAccount();
	const node: INode = {
		id: 'c0ffee00-1111-4222-8333-944455566677',
		name: 'WhatsApp Business Account',
		type: ACTION_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: run.parameters,
		credentials: { whatsAppBusinessAccountApi: { id: 'api-credential', name: 'Graph API' } },
		...(run.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const workflow = new wf.Workflow({
		id: 'in-process-action',
		name: 'in-process action',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		},
		settings: {},
	});
	// n8n resolves each parameter against the node's own parameters with its defaults filled in
	node.parameters =
		wf.NodeHelpers.getNodeParameters(
			nodeType.description.properties,
			node.parameters,
			true,
			false,
			node,
			nodeType.description,
		) ?? node.parameters;
	const additionalData = additionalDataFor(
		'http://127.0.0.1',
		credentialsHelperFor(
			run.credentials as unknown as Record<string, ICredentialDataDecryptedObject>,
		),
	);
	const input: INodeExecutionData[] = run.items.map((json) => ({ json }));
	const inputData = { main: [input] };
	const runExecutionData = wf.createRunExecutionData({});
	const executeData = { node, data: inputData, source: null };
	const context = new core.ExecuteContext(
		workflow,
		node,
		additionalData,
		'manual',
		runExecutionData,
		0,
		input,
		inputData,
		executeData,
		[],
	) as IExecuteFunctions;
	return { nodeType, context };
}

/** The node's output items (first output), or the error it threw. */
export async function runActionNode(
	run: ActionRun,
): Promise<{ items: INodeExecutionData[]; error?: Error }> {
	const { nodeType, context } = actionContext(run);
	try {
		const output = await nodeType.execute!.call(context);
		return { items: (output as INodeExecutionData[][])[0] ?? [] };
	} catch (error) {
		return { items: [], error: error as Error };
	}
}
