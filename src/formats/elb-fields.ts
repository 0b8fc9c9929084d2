/**
 * The fields of Elastic Load Balancing log entries, in file order, named as the Wazuh module
 * names them (`client:port` → `client_port`, `actions_executed` → `action_executed`), with the
 * fields AWS added after the Wazuh module's lists named as AWS does. Older files hold fewer
 * fields (AWS appends new fields at the end); `min` is the count of the oldest format.
 * - ALB access logs: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html
 * - ALB connection logs: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-connection-logs.html
 * - CLB access logs: https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/access-log-collection.html
 * - NLB (TLS) access logs: https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-access-logs.html
 */

/** One kind of load balancer log file. */
export interface ElbLogFormat {
  /** What the file is, for messages: `ALB access log`. */
  readonly name: string;
  readonly fields: readonly string[];
  /** Fewest fields an entry may hold (the first published format). */
  readonly min: number;
}

/** ALB access log: Wazuh's 29 fields, then `conn_trace_id` (2024) and the request transform fields (2025). */
export const ALB_ACCESS: ElbLogFormat = Object.freeze({
  name: 'ALB access log',
  fields: Object.freeze([
    'type', 'time', 'elb', 'client_port', 'target_port', 'request_processing_time', 'target_processing_time',
    'response_processing_time', 'elb_status_code', 'target_status_code', 'received_bytes', 'sent_bytes', 'request',
    'user_agent', 'ssl_cipher', 'ssl_protocol', 'target_group_arn', 'trace_id', 'domain_name', 'chosen_cert_arn',
    'matched_rule_priority', 'request_creation_time', 'action_executed', 'redirect_url', 'error_reason', 'target_port_list',
    'target_status_code_list', 'classification', 'classification_reason',
    'conn_trace_id', 'transformed_host', 'transformed_uri', 'request_transform_status',
  ]),
  // type … trace_id: the format of 2016.
  min: 18,
});

/** ALB connection log (`conn_log.` files); the Wazuh module has no parser for them. */
export const ALB_CONNECTION: ElbLogFormat = Object.freeze({
  name: 'ALB connection log',
  fields: Object.freeze([
    'time', 'client_ip', 'client_port', 'listener_port', 'tls_protocol', 'tls_cipher', 'tls_handshake_latency',
    'leaf_client_cert_subject', 'leaf_client_cert_validity', 'leaf_client_cert_serial_number', 'tls_verify_status', 'conn_trace_id',
  ]),
  min: 11,
});

/** CLB access log: 15 fields (the first 12 until 2015, then user agent and TLS). */
export const CLB_ACCESS: ElbLogFormat = Object.freeze({
  name: 'CLB access log',
  fields: Object.freeze([
    'time', 'elb', 'client_port', 'backend_port', 'request_processing_time', 'backend_processing_time',
    'response_processing_time', 'elb_status_code', 'backend_status_code', 'received_bytes', 'sent_bytes', 'request',
    'user_agent', 'ssl_cipher', 'ssl_protocol',
  ]),
  min: 12,
});

/**
 * NLB TLS access log. The Wazuh module's list lacks `alpn_be_protocol`, which shifts the client
 * preference list into the wrong field; here it is in its place, followed by
 * `tls_connection_creation_time`.
 */
export const NLB_ACCESS: ElbLogFormat = Object.freeze({
  name: 'NLB access log',
  fields: Object.freeze([
    'type', 'version', 'time', 'elb', 'listener', 'client_port', 'destination_port', 'connection_time',
    'tls_handshake_time', 'received_bytes', 'sent_bytes', 'incoming_tls_alert', 'chosen_cert_arn', 'chosen_cert_serial',
    'tls_cipher', 'tls_protocol_version', 'tls_named_group', 'domain_name', 'alpn_fe_protocol', 'alpn_be_protocol',
    'alpn_client_preference_list', 'tls_connection_creation_time',
  ]),
  // type … domain_name: version 1.0 before the ALPN fields.
  min: 18,
});
