/**
 * WhatsApp Flows in the Graph stand-in (scripts/lib/metaGraphStub.ts), as Meta's Flows API and
 * its "Flow Management API Error Codes" describe them:
 * - POST /{waba-id}/flows (name unique in the account, categories, clone_flow_id,
 *   endpoint_uri; flow_json and publish in one call) → `{id}`, a DRAFT;
 * - GET /{waba-id}/flows (paged) and GET /{flow-id} (`fields`; without: id, name, status,
 *   categories, validation_errors), `preview.invalidate(true|false)`: a preview URL that
 *   expires after PREVIEW_DAYS (a new one once expired, or when invalidated);
 * - POST /{flow-id}: name, categories, endpoint_uri (not on a DEPRECATED Flow: 139001);
 * - POST /{flow-id}/assets: multipart `file` with `asset_type=FLOW_JSON`, checked by
 *   metaGraphFlowJson.ts → `{success, validation_errors}`; only a DRAFT's JSON can change (139001);
 * - POST /{flow-id}/publish: DRAFT only (139002), with a Flow JSON without validation errors
 *   (139002), and when the Flow JSON declares `data_api_version` (it talks to an endpoint): an
 *   endpoint_uri and a signed business public key on a number of the account (139002);
 * - POST /{flow-id}/deprecate: PUBLISHED only (139003); DELETE /{flow-id}: DRAFT only (139004);
 * - POST/GET /{phone-number-id}/whatsapp_business_encryption: a 2048-bit RSA public key in
 *   PEM, its signature status VALID (or MISMATCH after `mismatchSignature`).
 *
 *   const flows = graph.flows;
 *   flows.flows.get(id)?.status;                // DRAFT, PUBLISHED, DEPRECATED
 *   flows.mismatchSignature(phoneNumberId);     // as after the number's key changed elsewhere
 *   flows.now = () => later;                    // step past a preview URL's expiry
 */
import { createPublicKey, randomBytes } from 'crypto';

import { FLOW_CATEGORIES, FLOW_FIELDS } from '../../nodes/WhatsAppBusinessAccount/actions/schemas';
import { validateFlowJson, type FlowValidationError } from './metaGraphFlowJson';
import { multipartParts } from './metaGraphMedia';
import {
	GraphStubError,
	listParameter,
	type GraphState,
	type RecordedRequest,
	type StubAnswer,
} from './metaGraphState';

export type FlowStatus = 'DRAFT' | 'PUBLISHED' | 'DEPRECATED';

export interface StandInFlow {
	id: string;
	wabaId: string;
	name: string;
	categories: string[];
	status: FlowStatus;
	/** The Flow JSON as uploaded (text), once there is one. */
	flowJson?: string;
	validationErrors: FlowValidationError[];
	endpointUri?: string;
	preview?: { url: string; expiresAt: number };
}

export interface BusinessKey {
	pem: string;
	status: 'VALID' | 'MISMATCH';
}

/** Days a preview URL works. */
export const PREVIEW_DAYS = 30;
const DAY_MS = 86_400_000;
const DEFAULT_FIELDS = ['id', 'name', 'status', 'categories', 'validation_errors'];
const FIELD_NAMES = Object.keys(FLOW_FIELDS);

/** Meta's Flow errors: the code and the description its error table gives. */
const flowError = (code: number, message: string) =>
	new GraphStubError(400, code, message, undefined, 'OAuthException');
const required = (name: string) =>
	new GraphStubError(400, 100, `(#100) The parameter ${name} is required`);

/** "2025-06-12T12:10:24+0000", as Meta writes `expires_at`. */
const metaTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');

export class MetaGraphFlows {
	readonly flows = new Map<string, StandInFlow>();
	/** phoneNumberId → its business public key. */
	readonly keys = new Map<string, BusinessKey>();
	/** The clock, replaceable so tests can step past a preview URL's expiry. */
	now: () => number = () => Date.now();
	private nextId = 1_152_341_234_567_890;

	constructor(private readonly graph: GraphState) {}

	/** As when the number's key changed outside this app: GET then reports MISMATCH. */
	mismatchSignature(phoneNumberId: string): void {
		const key = this.keys.get(phoneNumberId);
		if (key) key.status = 'MISMATCH';
	}

	/** The calls this part answers, or undefined for the stand-in's other routes. */
	route(r: RecordedRequest): StubAnswer | undefined {
		const [id, edge, ...rest] = r.path.split('/').filter(Boolean);
		if (rest.length || !id) return undefined;
		if (this.graph.phoneNumbers.has(id) && edge === 'whatsapp_business_encryption')
			return this.encryption(r, id);
		if (this.graph.wabas.has(id) && edge === 'flows') {
			if (r.method === 'POST') return this.create(r, id);
			if (r.method === 'GET') {
				const list = [...this.flows.values()].filter((f) => f.wabaId === id);
				return [
					200,
					this.graph.page(
						list.map((f) => this.node(f, r.query.fields)),
						r,
					),
				];
			}
		}
		const flow = this.flows.get(id);
		if (!flow) return undefined;
		if (edge === undefined && r.method === 'GET') return [200, this.node(flow, r.query.fields)];
		if (edge === undefined && r.method === 'POST') return this.update(flow, r);
		if (edge === undefined && r.method === 'DELETE') return this.delete(flow);
		if (edge === 'assets' && r.method === 'POST') return this.upload(flow, r);
		if (edge === 'publish' && r.method === 'POST') return this.publish(flow);
		if (edge === 'deprecate' && r.method === 'POST') return this.deprecate(flow);
		throw new GraphStubError(400, 100, `Unsupported ${r.method.toLowerCase()} request.`);
	}

	// ---- Flows --------------------------------------------------------------------------

	private create(r: RecordedRequest, wabaId: string): StubAnswer {
		const params = { ...r.query, ...r.body };
		const name = (params.name ?? '').trim();
		if (!name) throw required('name');
		this.checkUniqueName(wabaId, name);
		const source = params.clone_flow_id ? this.flows.get(params.clone_flow_id) : undefined;
		if (params.clone_flow_id && !source)
			throw flowError(100, 'Flow with specified ID does not exist');
		const flow: StandInFlow = {
			id: String(this.nextId++),
			wabaId,
			name,
			categories: this.categories(params.categories),
			status: 'DRAFT',
			validationErrors: [],
			...(source?.flowJson !== undefined
				? { flowJson: source.flowJson, validationErrors: source.validationErrors }
				: {}),
		};
		if (params.endpoint_uri) flow.endpointUri = this.endpointUri(params.endpoint_uri);
		this.flows.set(flow.id, flow);
		if (params.flow_json === undefined) return [200, { id: flow.id }];
		this.setFlowJson(flow, params.flow_json);
		if (params.publish === 'true') this.publish(flow);
		return [200, { id: flow.id, success: true, validation_errors: flow.validationErrors }];
	}

	private update(flow: StandInFlow, r: RecordedRequest): StubAnswer {
		if (flow.status === 'DEPRECATED') throw flowError(139001, "Flow can't be updated");
		const params = { ...r.query, ...r.body };
		if (params.name !== undefined) {
			const name = params.name.trim();
			if (!name) throw required('name');
			if (name !== flow.name) this.checkUniqueName(flow.wabaId, name);
			flow.name = name;
		}
		if (params.categories !== undefined) flow.categories = this.categories(params.categories);
		if (params.endpoint_uri !== undefined) flow.endpointUri = this.endpointUri(params.endpoint_uri);
		return [200, { success: true }];
	}

	private upload(flow: StandInFlow, r: RecordedRequest): StubAnswer {
		const parts = multipartParts(r.bytes, r.contentType);
		const text = (name: string) => parts.find((p) => p.name === name)?.data.toString('utf8');
		const file = parts.find((p) => p.name === 'file');
		if (!file) throw required('file');
		if (!text('name')) throw required('name');
		if (text('asset_type') !== 'FLOW_JSON')
			throw flowError(100, '(#100) Param asset_type must be one of {FLOW_JSON}');
		if (flow.status !== 'DRAFT') throw flowError(139001, "Flow can't be updated");
		this.setFlowJson(flow, file.data.toString('utf8'));
		return [200, { success: true, validation_errors: flow.validationErrors }];
	}

	private publish(flow: StandInFlow): StubAnswer {
		if (flow.status !== 'DRAFT') throw flowError(139002, 'Publishing Flow in invalid state');
		if (flow.flowJson === undefined || flow.validationErrors.length)
			throw flowError(139002, 'Publishing Flow with validation errors');
		const json = JSON.parse(flow.flowJson) as Record<string, unknown>;
		// a Flow with a data_api_version exchanges data with its endpoint
		if (json.data_api_version !== undefined) {
			if (!flow.endpointUri)
				throw flowError(139002, 'Publishing without specifying endpoint_uri is forbidden');
			const signed = [...this.graph.phoneNumbers.values()].some(
				(n) => n.wabaId === flow.wabaId && this.keys.get(n.id)?.status === 'VALID',
			);
			if (!signed) throw flowError(139002, 'Missing Flows Signed Public Key');
		}
		flow.status = 'PUBLISHED';
		return [200, { success: true }];
	}

	private deprecate(flow: StandInFlow): StubAnswer {
		if (flow.status === 'DEPRECATED') throw flowError(139003, 'Flow is already deprecated');
		if (flow.status !== 'PUBLISHED') throw flowError(139003, "Can't deprecate unpublished flow");
		flow.status = 'DEPRECATED';
		return [200, { success: true }];
	}

	private delete(flow: StandInFlow): StubAnswer {
		if (flow.status !== 'DRAFT') throw flowError(139004, "Can't delete published Flow");
		this.flows.delete(flow.id);
		return [200, { success: true }];
	}

	/** The Flow's node: Graph's default fields, or `id` and the fields asked for. */
	private node(flow: StandInFlow, fieldsParam: string | undefined): Record<string, unknown> {
		const asked = fieldsParam ? listParameter(fieldsParam) : DEFAULT_FIELDS;
		const json = flow.flowJson !== undefined ? this.parsedJson(flow) : {};
		const node: Record<string, unknown> = { id: flow.id };
		for (const field of asked) {
			const [name, expansion] = field.split('.');
			if (!FIELD_NAMES.includes(name))
				throw new GraphStubError(
					400,
					100,
					`(#100) Tried accessing nonexisting field (${name}) on node type (WhatsAppFlow)`,
				);
			const value: Record<string, unknown> = {
				name: flow.name,
				status: flow.status,
				categories: flow.categories,
				validation_errors: flow.validationErrors,
				json_version: json.version,
				data_api_version: json.data_api_version,
				endpoint_uri: flow.endpointUri,
				whatsapp_business_account: { id: flow.wabaId },
			};
			if (name === 'preview') node.preview = this.preview(flow, expansion);
			else if (value[name] !== undefined) node[name] = value[name];
		}
		return node;
	}

	/** `preview.invalidate(true)` makes a new link; an expired link is replaced too. */
	private preview(flow: StandInFlow, expansion: string | undefined) {
		const invalidate = /invalidate\(true\)/.test(expansion ?? '');
		if (invalidate || !flow.preview || flow.preview.expiresAt <= this.now())
			flow.preview = {
				url: `https://business.facebook.com/wa/manage/flows/${flow.id}/preview/?token=${randomBytes(16).toString('hex')}`,
				expiresAt: this.now() + PREVIEW_DAYS * DAY_MS,
			};
		return { preview_url: flow.preview.url, expires_at: metaTime(flow.preview.expiresAt) };
	}

	private setFlowJson(flow: StandInFlow, text: string): void {
		flow.flowJson = text;
		flow.validationErrors = validateFlowJson(text);
	}

	private parsedJson(flow: StandInFlow): Record<string, unknown> {
		try {
			const parsed = JSON.parse(flow.flowJson!) as unknown;
			return typeof parsed === 'object' && parsed !== null
				? (parsed as Record<string, unknown>)
				: {};
		} catch {
			return {};
		}
	}

	private checkUniqueName(wabaId: string, name: string): void {
		for (const other of this.flows.values())
			if (other.wabaId === wabaId && other.name === name)
				throw flowError(100, 'Flow name is not unique');
	}

	private categories(value: string | undefined): string[] {
		const list = listParameter(value);
		if (!list.length) throw required('categories');
		const unknown = list.find((c) => !FLOW_CATEGORIES.includes(c));
		if (unknown)
			throw flowError(
				100,
				`(#100) Param categories[0] must be one of {${FLOW_CATEGORIES.join(', ')}}`,
			);
		return list;
	}

	private endpointUri(value: string): string {
		try {
			if (new URL(value).protocol === 'https:') return value;
		} catch {
			// falls through to Meta's error
		}
		throw flowError(100, 'Invalid Endpoint URI');
	}

	// ---- the business public key ------------------------------------------------------------

	private encryption(r: RecordedRequest, phoneNumberId: string): StubAnswer {
		if (r.method === 'GET') {
			const key = this.keys.get(phoneNumberId);
			return [
				200,
				{
					data: key
						? [{ business_public_key: key.pem, business_public_key_signature_status: key.status }]
						: [],
				},
			];
		}
		if (r.method !== 'POST')
			throw new GraphStubError(400, 100, `Unsupported ${r.method.toLowerCase()} request.`);
		const pem = r.body.business_public_key ?? r.query.business_public_key;
		if (!pem) throw required('business_public_key');
		let bits: number | undefined;
		try {
			const key = createPublicKey(pem);
			bits = key.asymmetricKeyType === 'rsa' ? key.asymmetricKeyDetails?.modulusLength : undefined;
		} catch {
			bits = undefined;
		}
		if (bits !== 2048)
			throw new GraphStubError(
				400,
				100,
				'(#100) Invalid parameter: business_public_key must be a 2048-bit RSA public key',
			);
		this.keys.set(phoneNumberId, { pem, status: 'VALID' });
		return [200, { success: true }];
	}
}
