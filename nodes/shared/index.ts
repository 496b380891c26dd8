/**
 * What other TypeScript projects can import from this package: the generated types of every
 * webhook field and Graph answer, the precompiled validators with their readable verdicts,
 * the field catalog, and the trigger's delivery pipeline (signatures, handshake, items), whose
 * code lives in the trigger's folder (nodes/WhatsAppBusinessAccountTrigger/delivery and webhook).
 */
export * from './generated/webhook-types';
/** Graph API answers (they share common definitions with the webhook types, hence a namespace). */
export type * as Graph from './generated/graph-types';
export { validateDelivery, fieldValidators } from './generated/validators';
export type { AjvError, CompiledValidator } from './generated/validators';
export {
	WEBHOOK_FIELDS,
	MESSAGE_STATUSES,
	MESSAGE_TYPES,
	type WebhookFieldInfo,
} from './generated/catalog';
export {
	toIssues,
	type ValidationIssue,
	type ValidationVerdict,
	type ValidationErrorKind,
} from '../WhatsAppBusinessAccountTrigger/delivery/verdict';
export {
	verifySignature,
	signBody,
	SIGNATURE_HEADER,
	type SignatureVerdict,
} from './webhook/signature';
export {
	answerHandshake,
	type HandshakeVerdict,
} from '../WhatsAppBusinessAccountTrigger/webhook/handshake';
export { processDelivery } from '../WhatsAppBusinessAccountTrigger/delivery/processDelivery';
export { WABA_OBJECT } from '../WhatsAppBusinessAccountTrigger/delivery/parse';
export type { ChangeItem, DeliveryResult } from '../WhatsAppBusinessAccountTrigger/delivery/result';
export {
	DEFAULT_DELIVERY_OPTIONS,
	type DeliveryOptions,
	type OutputMode,
	type InvalidHandling,
} from '../WhatsAppBusinessAccountTrigger/delivery/options';
export { compileFilters } from '../WhatsAppBusinessAccountTrigger/delivery/filters';
