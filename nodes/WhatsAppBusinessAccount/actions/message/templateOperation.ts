// Send Template's entry points, kept apart from the Message resource's other operations
// (which run through batch.ts one by one): its items run through the pacer instead.
export { description as sendTemplateDescription, executeSendTemplate, getTemplateFields } from './sendTemplate.operation';
