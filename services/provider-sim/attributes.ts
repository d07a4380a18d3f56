export const ATTR_PROVIDER_NAME = 'provider.name';
export const ATTR_PROVIDER_MODEL = 'provider.model';
export const ATTR_PROVIDER_FAULT = 'provider.fault_injected';
export const ATTR_USAGE_PROMPT = 'llm.usage.prompt_tokens';
export const ATTR_USAGE_COMPLETION = 'llm.usage.completion_tokens';
