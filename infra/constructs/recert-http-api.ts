import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { type CfnStage, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HttpRoute } from '../../functions/entry-points.js';
import { FUNCTION_LOG_RETENTION } from './recert-function.js';

/** Requests per second (steady) and burst per throttle class of functions/entry-points.ts; public forms get far less. */
export const ROUTE_THROTTLES: Readonly<Record<HttpRoute['throttle'], { rateLimit: number; burstLimit: number }>> = {
  'public-form': { rateLimit: 5, burstLimit: 10 },
  default: { rateLimit: 50, burstLimit: 100 },
};

/** `METHOD /path`: the route key API Gateway uses for routes and for per-route stage settings. */
export function routeKey(route: Pick<HttpRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/**
 * Access-log fields: no path or query string (confirmation and unsubscribe links carry tokens there), no headers
 * (webhook signatures), only the route template.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTimeEpoch',
  sourceIp: '$context.identity.sourceIp',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
};

export interface RecertHttpApiProps {
  readonly routes: ReadonlyArray<{ readonly route: HttpRoute; readonly handler: IFunction }>;
  /** The `$default` route's function: every request no route matches (a 404 page or JSON). */
  readonly notFound: IFunction;
}

/**
 * The public HTTP API: one Lambda integration per route, a `$default` stage with JSON access logs, a default
 * throttle and a tighter per-route throttle on the anonymous public forms. No CORS: the pages and the API share
 * one origin, and webhooks are server-to-server.
 */
export class RecertHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;

  constructor(scope: Construct, id: string, props: RecertHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('NotFoundIntegration', props.notFound),
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: FUNCTION_LOG_RETENTION });

    const defaultThrottle = ROUTE_THROTTLES.default;
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: defaultThrottle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    // RouteSettings is a JSON map in CloudFormation, passed through verbatim: the keys must be PascalCase.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const { route, handler } of props.routes) {
      const [created] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, handler),
      });
      // The stage's route settings name routes by key, and API Gateway rejects a key whose route does not exist yet.
      if (created) this.stage.node.addDependency(created);
      const throttle = ROUTE_THROTTLES[route.throttle];
      routeSettings[routeKey(route)] = {
        ThrottlingRateLimit: throttle.rateLimit,
        ThrottlingBurstLimit: throttle.burstLimit,
      };
    }
    (this.stage.node.defaultChild as CfnStage).addPropertyOverride('RouteSettings', routeSettings);

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Recert has no accounts to authorize against: the sign-up form is public by design (throttled per route), ' +
        'trainer routes authenticate with a signed single-use magic-link token or session checked in the handler, ' +
        'and webhooks are authenticated by their Standard Webhooks signature.',
    });
  }

  /** Base URL of the `$default` stage (no trailing slash). */
  get url(): string {
    return this.api.apiEndpoint;
  }
}
