// The node's option lists, read from the Graph response schemas (schemas/graph/): field
// pickers from a schema's properties, multi-selects from its enums. Nothing is listed twice.
import assignedUserSchema from '../../../schemas/graph/assigned-user.schema.json';
import commonSchema from '../../../schemas/common.schema.json';
import messageTemplateSchema from '../../../schemas/graph/message-template.schema.json';
import phoneNumberSchema from '../../../schemas/graph/phone-number.schema.json';
import wabaSchema from '../../../schemas/graph/waba.schema.json';

/** A schema's `properties`: name → subschema. */
export type SchemaProperties = Record<string, object>;

/** Every field of the WhatsApp Business Account node. */
export const WABA_FIELDS: SchemaProperties = wabaSchema.properties;
/** The four fields Graph returns when no `fields` are asked for. */
export const WABA_DEFAULT_FIELDS: readonly string[] = wabaSchema.definitions.defaultAnswer.required;
/** The account's writable flags (`POST /{waba-id}`). */
export const WABA_WRITABLE_FLAGS: SchemaProperties = wabaSchema.definitions.update.properties;

/** The ten tasks a user can hold on an account. */
export const ASSIGNED_USER_TASKS: readonly string[] = assignedUserSchema.definitions.task.enum;

/** Every field of a business phone number. */
export const PHONE_NUMBER_FIELDS: SchemaProperties = phoneNumberSchema.properties;

/** Every field of a message template. */
export const MESSAGE_TEMPLATE_FIELDS: SchemaProperties = messageTemplateSchema.properties;
/** Template statuses, for the status filter. */
export const MESSAGE_TEMPLATE_STATUSES: readonly string[] = messageTemplateSchema.definitions.status.enum;
/** Template categories, for the category filter. */
export const MESSAGE_TEMPLATE_CATEGORIES: readonly string[] = commonSchema.definitions.templateCategory.enum;
