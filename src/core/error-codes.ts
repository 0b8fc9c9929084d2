/**
 * Every error code awsmon can raise, with its area. `docs/errors.md` documents each one and a
 * test keeps the two in step. A retired code is never reused: mark it retired instead.
 */
export const ERROR_CODES = {
  // config
  CONFIG_INVALID: 'config',
  CONFIG_FILE_UNREADABLE: 'config',
  CONFIG_XML_SYNTAX: 'config',
  // sources (S3 and local folders)
  SOURCE_ACCESS_DENIED: 'source',
  SOURCE_BUCKET_NOT_FOUND: 'source',
  SOURCE_OBJECT_NOT_FOUND: 'source',
  SOURCE_EMPTY: 'source',
  SOURCE_NO_LOGS: 'source',
  SOURCE_THROTTLED: 'source',
  SOURCE_ENDPOINT: 'source',
  SOURCE_CLOCK_SKEW: 'source',
  SOURCE_CREDENTIALS: 'source',
  SOURCE_REQUEST_FAILED: 'source',
  SOURCE_LOG_GROUP_NOT_FOUND: 'source',
  SOURCE_QUEUE_NOT_FOUND: 'source',
  // formats
  FORMAT_BAD_GZIP: 'format',
  FORMAT_BAD_ZIP: 'format',
  FORMAT_ZIP_BOMB: 'format',
  FORMAT_BINARY: 'format',
  FORMAT_BAD_JSON: 'format',
  FORMAT_NO_RECORDS: 'format',
  FORMAT_RECORD_TOO_LARGE: 'format',
  FORMAT_FLOW_NO_HEADER: 'format',
  FORMAT_FLOW_COLUMNS: 'format',
  FORMAT_UNSUPPORTED_COMPRESSION: 'format',
  FORMAT_LB_COLUMNS: 'format',
  FORMAT_BAD_CSV: 'format',
  FORMAT_BAD_RECORD: 'format',
  FORMAT_BAD_PARQUET: 'format',
  FORMAT_BAD_MESSAGE: 'format',
  // rules (rule files, CDB lists, rule test cases)
  RULE_FILE_UNREADABLE: 'rules',
  RULE_SYNTAX: 'rules',
  RULE_BAD_PATTERN: 'rules',
  RULE_BAD_LIST: 'rules',
  RULE_CASE_INVALID: 'rules',
  // store and outputs
  STORE_OPEN_FAILED: 'store',
  STORE_WRITE_FAILED: 'store',
  STORE_QUERY_FAILED: 'store',
  STORE_BAD_QUERY: 'store',
  OUTPUT_WRITE_FAILED: 'output',
  // HTTP API and dashboard server
  API_BAD_REQUEST: 'server',
  API_NOT_FOUND: 'server',
  API_UNAUTHORIZED: 'server',
  API_INTERNAL: 'server',
  SERVER_INSECURE_BIND: 'server',
  SERVER_LISTEN_FAILED: 'server',
  // runs
  RUN_ABORTED: 'run',
  CLI_USAGE: 'cli',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
