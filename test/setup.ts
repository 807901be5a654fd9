import 'aws-sdk-client-mock-vitest/extend';

process.env.TZ = 'UTC';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Quiet by default; tests that assert on log lines (no full email, token or secret) opt in with 'info'.
process.env.RECERT_LOG_LEVEL ??= 'silent';
