// The node's option lists, read from the Graph response schemas (schemas/graph/): field
// pickers from a schema's properties, multi-selects from its enums. Nothing is listed twice.
import activitySchema from '../../../schemas/graph/activity.schema.json';
import analyticsSchema from '../../../schemas/graph/analytics.schema.json';
import assignedUserSchema from '../../../schemas/graph/assigned-user.schema.json';
import businessProfileSchema from '../../../schemas/graph/business-profile.schema.json';
import commonSchema from '../../../schemas/common.schema.json';
import flowSchema from '../../../schemas/graph/flow.schema.json';
import messageTemplateSchema from '../../../schemas/graph/message-template.schema.json';
import phoneNumberSchema from '../../../schemas/graph/phone-number.schema.json';
import templateComponentsSchema from '../../../schemas/graph/template-components.schema.json';
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

/** Every field of a WhatsApp Flow. */
export const FLOW_FIELDS: SchemaProperties = flowSchema.properties;
/** What a Flow can be for; at least one is required. */
export const FLOW_CATEGORIES: readonly string[] = flowSchema.definitions.category.enum;

/** Every field of a message template. */
export const MESSAGE_TEMPLATE_FIELDS: SchemaProperties = messageTemplateSchema.properties;
/** Template statuses, for the status filter. */
export const MESSAGE_TEMPLATE_STATUSES: readonly string[] =
	messageTemplateSchema.definitions.status.enum;
/** Template categories, for the category filter. */
export const MESSAGE_TEMPLATE_CATEGORIES: readonly string[] =
	commonSchema.definitions.templateCategory.enum;

/** Header formats a template can have. */
export const TEMPLATE_HEADER_FORMATS: readonly string[] =
	templateComponentsSchema.definitions.headerFormat.enum;
/** Button types a template can have. */
export const TEMPLATE_BUTTON_TYPES: readonly string[] =
	templateComponentsSchema.definitions.buttonType.enum;
/** Template parameter formats. */
export const TEMPLATE_PARAMETER_FORMATS: readonly string[] =
	messageTemplateSchema.properties.parameter_format.enum;

/** Industries a business profile can name. */
export const BUSINESS_VERTICALS: readonly string[] =
	businessProfileSchema.definitions.vertical.enum;
/** Every field of a business profile. */
export const BUSINESS_PROFILE_FIELDS: SchemaProperties = businessProfileSchema.properties;
/** What a business profile update can write. */
export const BUSINESS_PROFILE_WRITABLE: SchemaProperties =
	businessProfileSchema.definitions.update.properties;

const analytics = analyticsSchema.definitions;
export const ANALYTICS_ENUMS = {
	granularity: analytics.granularity.enum,
	pricingMetricType: analytics.pricingMetricType.enum,
	pricingDimension: analytics.pricingDimension.enum,
	pricingCategory: analytics.pricingCategory.enum,
	pricingType: analytics.pricingType.enum,
	conversationMetricType: analytics.conversationMetricType.enum,
	conversationDimension: analytics.conversationDimension.enum,
	conversationCategory: analytics.conversationCategory.enum,
	conversationType: analytics.conversationType.enum,
	conversationDirection: analytics.conversationDirection.enum,
	templateMetricType: analytics.templateMetricType.enum,
} as const satisfies Record<string, readonly string[]>;

/** Every field of an activity of the account's history. */
export const ACTIVITY_FIELDS: SchemaProperties = activitySchema.properties;
