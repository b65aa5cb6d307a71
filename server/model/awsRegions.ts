// AWS regions, for IS108's "known region" check on ECR hosts. Offline
// snapshot; an unknown region is reported, so the list aims to be complete
// for the partitions a registry host can name.
//
// Sources (checked 2026): the AWS General Reference "Amazon ECR endpoints"
// table (which also documents the host forms parsed in registry.ts:
// dkr.ecr.R.amazonaws.com, dkr.ecr-fips.R.amazonaws.com, dkr-ecr.R.on.aws,
// dkr-ecr-fips.R.on.aws) and the region names AWS SDKs ship. Regions still
// opt-in or newly opened are included: an opt-in region is valid for the
// accounts that enabled it, and we cannot know which did.

export type AwsPartition = 'aws' | 'aws-cn' | 'aws-us-gov';

export interface AwsRegion {
  name: string;
  description: string;
  partition: AwsPartition;
}

export const AWS_REGIONS: readonly AwsRegion[] = [
  // Commercial partition (amazonaws.com)
  { name: 'us-east-1', description: 'US East (N. Virginia)', partition: 'aws' },
  { name: 'us-east-2', description: 'US East (Ohio)', partition: 'aws' },
  { name: 'us-west-1', description: 'US West (N. California)', partition: 'aws' },
  { name: 'us-west-2', description: 'US West (Oregon)', partition: 'aws' },
  { name: 'af-south-1', description: 'Africa (Cape Town)', partition: 'aws' },
  { name: 'ap-east-1', description: 'Asia Pacific (Hong Kong)', partition: 'aws' },
  { name: 'ap-east-2', description: 'Asia Pacific (Taipei)', partition: 'aws' },
  { name: 'ap-south-1', description: 'Asia Pacific (Mumbai)', partition: 'aws' },
  { name: 'ap-south-2', description: 'Asia Pacific (Hyderabad)', partition: 'aws' },
  { name: 'ap-southeast-1', description: 'Asia Pacific (Singapore)', partition: 'aws' },
  { name: 'ap-southeast-2', description: 'Asia Pacific (Sydney)', partition: 'aws' },
  { name: 'ap-southeast-3', description: 'Asia Pacific (Jakarta)', partition: 'aws' },
  { name: 'ap-southeast-4', description: 'Asia Pacific (Melbourne)', partition: 'aws' },
  { name: 'ap-southeast-5', description: 'Asia Pacific (Malaysia)', partition: 'aws' },
  { name: 'ap-southeast-6', description: 'Asia Pacific (New Zealand)', partition: 'aws' },
  { name: 'ap-southeast-7', description: 'Asia Pacific (Thailand)', partition: 'aws' },
  { name: 'ap-northeast-1', description: 'Asia Pacific (Tokyo)', partition: 'aws' },
  { name: 'ap-northeast-2', description: 'Asia Pacific (Seoul)', partition: 'aws' },
  { name: 'ap-northeast-3', description: 'Asia Pacific (Osaka)', partition: 'aws' },
  { name: 'ca-central-1', description: 'Canada (Central)', partition: 'aws' },
  { name: 'ca-west-1', description: 'Canada West (Calgary)', partition: 'aws' },
  { name: 'eu-central-1', description: 'Europe (Frankfurt)', partition: 'aws' },
  { name: 'eu-central-2', description: 'Europe (Zurich)', partition: 'aws' },
  { name: 'eu-west-1', description: 'Europe (Ireland)', partition: 'aws' },
  { name: 'eu-west-2', description: 'Europe (London)', partition: 'aws' },
  { name: 'eu-west-3', description: 'Europe (Paris)', partition: 'aws' },
  { name: 'eu-south-1', description: 'Europe (Milan)', partition: 'aws' },
  { name: 'eu-south-2', description: 'Europe (Spain)', partition: 'aws' },
  { name: 'eu-north-1', description: 'Europe (Stockholm)', partition: 'aws' },
  { name: 'il-central-1', description: 'Israel (Tel Aviv)', partition: 'aws' },
  { name: 'me-south-1', description: 'Middle East (Bahrain)', partition: 'aws' },
  { name: 'me-central-1', description: 'Middle East (UAE)', partition: 'aws' },
  { name: 'mx-central-1', description: 'Mexico (Central)', partition: 'aws' },
  { name: 'sa-east-1', description: 'South America (São Paulo)', partition: 'aws' },
  // China (amazonaws.com.cn), operated separately
  { name: 'cn-north-1', description: 'China (Beijing)', partition: 'aws-cn' },
  { name: 'cn-northwest-1', description: 'China (Ningxia)', partition: 'aws-cn' },
  // GovCloud (US) (amazonaws.com)
  { name: 'us-gov-east-1', description: 'AWS GovCloud (US-East)', partition: 'aws-us-gov' },
  { name: 'us-gov-west-1', description: 'AWS GovCloud (US-West)', partition: 'aws-us-gov' },
];

const byName = new Map(AWS_REGIONS.map((r) => [r.name, r]));

export function awsRegion(name: string): AwsRegion | undefined {
  return byName.get(name);
}

export function isAwsRegion(name: string): boolean {
  return byName.has(name);
}
