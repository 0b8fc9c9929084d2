/** Pieces of ossec.conf for CLI tests, as a Wazuh user writes them, pointed at moto by `<service_endpoint>`. */

/** A `<bucket>` of `type` read with profile `default` from 2024-03-05 on; `extra` is more option elements (each on a new line). */
export function bucketXml(type: string, name: string, endpoint: string, extra = ''): string {
  return `    <bucket type="${type}">
      <name>${name}</name>
      <aws_profile>default</aws_profile>
      <only_logs_after>2024-MAR-05</only_logs_after>${extra}
      <service_endpoint>${endpoint}</service_endpoint>
    </bucket>`;
}
