// The floor: a route handler that reads a header and answers JSON, on the same path shape as
// Latchkey's `GET /api/users/{id}`. No Next.js API can answer faster on this machine.
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return Response.json({ id, authorization: request.headers.has('authorization') });
}
