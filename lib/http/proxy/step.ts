import type { NextRequest, NextResponse } from 'next/server';

/** One job of proxy.ts: an answer ends the request's trip through the proxy; undefined passes it on. */
export type ProxyStep = (request: NextRequest) => NextResponse | undefined | Promise<NextResponse | undefined>;

/** The first step's answer, or undefined when every step passes. */
export async function runSteps(steps: readonly ProxyStep[], request: NextRequest): Promise<NextResponse | undefined> {
  for (const step of steps) {
    const response = await step(request);
    if (response) return response;
  }
  return undefined;
}
