import type {
	IDataObject,
	IHookFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { searchWhatsAppBusinessAccounts } from '../shared/methods/listSearch';
import { appSecretProblem } from '../shared/webhook/secrets';
import { acknowledgementFields, acknowledgementProperties } from './acknowledgement';
import { compileFilters } from './delivery/filters';
import {
	splitList,
	type DeliveryOptions,
	type InvalidHandling,
	type OutputMode,
} from './delivery/options';
import { processDelivery } from './delivery/processDelivery';
import type { ChangeItem, DeliveryResult } from './delivery/result';
import { searchPhoneNumbers } from './methods/phoneNumberSearch';
import { eventOptionsFor, triggerProperties } from './properties';
import { checkRegistration, createRegistration, deleteRegistration } from './registration';
import { readWebhookCredential } from '../shared/webhook/credentialReuse';
import { resumeAnsweredQuestions } from './waiting/resumeInN8n';
import { answerHandshake, CREDENTIAL_REFUSED_REASON } from './webhook/handshake';
import { warnOwner } from '../shared/webhook/ownerLog';

const WEBHOOK_CREDENTIAL = 'whatsAppBusinessAccountWebhookApi';

/** Meta is told to send the delivery again (503): n8n did not take an answer within the retries. */
const WAITING_ANSWER_NOT_TAKEN = 'an answer to a waiting question could not be handed over yet';

interface WebhookCredential {
	appId?: string;
	appSecret?: string;
	verifyToken?: string;
}

/**
 * Version 1.1: the default for new nodes. n8n 2.x evaluates `$parameter["options"]["binaryData"]`
 * as an expression on every request to a version-1 start node (webhook-helpers' parseRequestBody),
 * which reaches the expression engine; from 1.1 it does not. Body handling is the same: n8n still
 * parses JSON, form and text bodies from the raw bytes it keeps, and leaves other content types to
 * the node, which reads the raw bytes itself. Version 1.1 also leaves message statuses out unless
 * asked (includeStatuses); version 1 keeps them, as saved workflows expect.
 */
export const TRIGGER_VERSIONS = [1, 1.1];
export const DEFAULT_TRIGGER_VERSION = 1.1;

/** Reads the node's parameters into the options the delivery pipeline takes. */
function readDeliveryOptions(ctx: IWebhookFunctions): DeliveryOptions {
	const extra = ctx.getNodeParameter('options', {}) as IDataObject;
	return {
		includeStatuses:
			ctx.getNode().typeVersion < 1.1 ||
			(ctx.getNodeParameter('includeStatuses', false) as boolean),
		outputMode: ctx.getNodeParameter('outputMode', 'change') as OutputMode,
		invalidHandling: ctx.getNodeParameter('invalidHandling', 'flag') as InvalidHandling,
		fields: ctx.getNodeParameter('fields', []) as string[],
		events: ctx.getNodeParameter('events', []) as string[],
		wabaIds: splitList(extra.wabaIds),
		phoneNumberIds: splitList(extra.phoneNumberIds),
		messageStatuses: (extra.messageStatuses as string[] | undefined) ?? [],
	};
}

/** Registration failed: point at the operation that shows every place Meta routes the deliveries. */
const SETUP_CHECK_POINTER =
	'To see where Meta sends this account\'s deliveries and how to fix it, run the WhatsApp Business Account node with Resource "Webhook Setup" and Operation "Check".';

function withSetupCheckPointer(error: unknown): unknown {
	if (error instanceof Error && 'description' in error) {
		const described = error as Error & { description?: string | null };
		described.description = described.description
			? `${described.description} ${SETUP_CHECK_POINTER}`
			: SETUP_CHECK_POINTER;
	}
	return error;
}

/** How the owner's log names this node. */
const NODE_LABEL = 'WhatsApp Business Account Trigger';

export class WhatsAppBusinessAccountTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Business Account Trigger',
		name: 'whatsAppBusinessAccountTrigger',
		icon: {
			light: 'file:whatsAppBusinessAccountTrigger.svg',
			dark: 'file:whatsAppBusinessAccountTrigger.dark.svg',
		},
		group: ['trigger'],
		// 1.1 also answers accepted deliveries once the workflow has finished (acknowledgement.ts)
		version: TRIGGER_VERSIONS,
		defaultVersion: DEFAULT_TRIGGER_VERSION,
		subtitle:
			'={{$parameter["registration"] === "manual" ? "Manual registration" : $parameter["registration"] === "wabaOverride" ? "WABA " + ($parameter["wabaId"].value || $parameter["wabaId"]) : $parameter["registration"] === "phoneNumberOverride" ? "Phone number " + ($parameter["phoneNumberId"].cachedResultName || $parameter["phoneNumberId"].value || $parameter["phoneNumberId"]) : "App subscription"}}',
		description:
			"Receive WhatsApp messages, delivery updates and account events; its node sends messages and templates and manages your account. Unlike n8n's built-in WhatsApp nodes, it receives every kind of event and checks that each comes from Meta",
		defaults: { name: 'WhatsApp Business Account Trigger' },
		inputs: [],
		outputs: `={{$parameter["invalidHandling"] === "route" ? [{ "type": "main", "displayName": "Valid" }, { "type": "main", "displayName": "Invalid" }] : ["main"]}}`,
		credentials: [
			{ name: WEBHOOK_CREDENTIAL, required: true },
			{
				name: 'whatsAppBusinessAccountApi',
				required: true,
				displayOptions: { show: { registration: ['wabaOverride', 'phoneNumberOverride'] } },
			},
			{
				// the URL and key of n8n's public API: Free Text answers are matched to their
				// waiting question through it
				name: 'whatsAppN8nApi',
				required: true,
				displayOptions: { show: { freeTextAnswers: [true] } },
			},
		],
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			// when n8n answers an accepted delivery: the "Confirm Receipt to Meta" parameter
			{ name: 'default', httpMethod: 'POST', ...acknowledgementFields(), path: 'webhook' },
		],
		properties: [...triggerProperties, ...acknowledgementProperties],
	};

	methods = {
		// the account picker of the override modes, and the number picker of Override Callback for a Phone Number
		listSearch: { searchWhatsAppBusinessAccounts, searchPhoneNumbers },
		loadOptions: {
			// the Event Filter lists the events of the fields chosen in Trigger On
			async getEventOptions(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
				return eventOptionsFor(
					(this.getCurrentNodeParameter('fields') as string[] | undefined) ?? [],
				);
			},
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkRegistration(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				try {
					return await createRegistration(this);
				} catch (error) {
					throw withSetupCheckPointer(error);
				}
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteRegistration(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();

		if (this.getWebhookName() === 'setup') {
			// Meta's handshake is rare and follows a credential edit: always a fresh read
			const credential = (await this.getCredentials(WEBHOOK_CREDENTIAL)) as WebhookCredential;
			const verdict = answerHandshake(
				req.query as Record<string, unknown>,
				String(credential.verifyToken ?? ''),
			);
			res.setHeader('X-Content-Type-Options', 'nosniff');
			if (verdict.ok) res.status(200).type('text/plain').send(verdict.challenge);
			else {
				if (verdict.credentialProblem)
					warnOwner(this, NODE_LABEL, `Meta's handshake was refused: ${verdict.credentialProblem}`);
				res.status(403).type('text/plain').send(`Forbidden: ${verdict.reason}`);
			}
			return { noWebhookResponse: true };
		}

		// n8n reads the raw bytes for requests whose body it parses; for other content types
		// they are read here. The signature is checked over exactly these bytes.
		const request = req as typeof req & { rawBody?: Buffer; readRawBody?: () => Promise<void> };
		if (request.rawBody === undefined && typeof request.readRawBody === 'function')
			await request.readRawBody();
		const rawBody = request.rawBody ?? Buffer.alloc(0);

		const options = readDeliveryOptions(this);
		const filters = compileFilters(options);
		const judge = (credential: WebhookCredential): DeliveryResult => {
			const appSecret = String(credential.appSecret ?? '');
			const weakSecret = appSecretProblem(appSecret);
			// a guessable secret proves nothing: refuse (Meta sends the delivery again once it is
			// fixed); how weak it is goes to the owner's log, not to whoever posted
			if (weakSecret) {
				warnOwner(
					this,
					NODE_LABEL,
					`a delivery was refused: the credential's app secret is refused: ${weakSecret}`,
				);
				return { status: 500, body: { error: CREDENTIAL_REFUSED_REASON } };
			}
			return processDelivery(rawBody, req.headers, appSecret, options, filters);
		};
		// The credential this node read for a delivery under a second ago is reused; a delivery it
		// refuses is judged again with a fresh read, so an edited secret never refuses one.
		const read = await readWebhookCredential<WebhookCredential>(this, WEBHOOK_CREDENTIAL);
		let result = judge(read.value);
		if (read.reused && (result.status === 401 || result.status === 500)) {
			result = judge(
				(await readWebhookCredential<WebhookCredential>(this, WEBHOOK_CREDENTIAL, { afresh: true }))
					.value,
			);
		}
		if (!result.outputs) {
			// refused (with its status and reason), or nothing left after the filters
			res.status(result.status).json(result.body);
			return { noWebhookResponse: true };
		}

		// Accepted: n8n answers (200) once it has created the execution (with this receipt) or
		// once the workflow has finished, as "Confirm Receipt to Meta" says; a delivery n8n cannot take or
		// loses on the way gets an error and Meta sends it again.
		const toData = (items: ChangeItem[]): INodeExecutionData[] =>
			items.map((json) => ({ json: json as unknown as IDataObject }));
		// Answers to Send and Wait for Response questions resume their executions first; one that
		// n8n cannot take yet makes Meta send the delivery again, and nothing starts here
		const outputs: ChangeItem[][] = [];
		for (const items of result.outputs) {
			const resumed = await resumeAnsweredQuestions(this, items, rawBody, req.headers);
			if (resumed.retryLater) {
				res.status(503).json({ error: WAITING_ANSWER_NOT_TAKEN });
				return { noWebhookResponse: true };
			}
			outputs.push(resumed.items);
		}
		const [main, invalid] = outputs;
		if (!main.length && !invalid.length) {
			// only answers, dropped as asked (Resume and Drop): Meta gets its 200, nothing starts
			res.status(200).json(result.body);
			return { noWebhookResponse: true };
		}
		const routed = options.invalidHandling === 'route';
		return {
			webhookResponse: result.body,
			workflowData: routed ? [toData(main), toData(invalid)] : [toData(main)],
		};
	}
}
