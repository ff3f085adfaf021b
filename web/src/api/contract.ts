/** Request and response types of each API operation, read from the generated schema.d.ts. */
import type { paths } from './schema';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type ApiPath = keyof paths;
/** The methods a path has in the document: calling another one does not compile. */
export type MethodOf<P extends ApiPath> = { [M in Method]: [NonNullable<paths[P][M]>] extends [never] ? never : M }[Method];
type Operation<P extends ApiPath, M extends Method> = NonNullable<paths[P][M]>;

type Json<C> = C extends { content: { 'application/json': infer T } } ? T : C extends { content?: { 'application/json': infer T } } ? T : never;
type GeneratedResponse<O> = O extends { responses: infer R } ? (R extends { 200: infer C } ? Json<C> : R extends { 201: infer C } ? Json<C> : never) : never;
type GeneratedBody<O> = O extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;
type GeneratedQuery<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type GeneratedPathParams<O> = O extends { parameters: { path: infer A } } ? A : never;

export type ResponseOf<P extends ApiPath, M extends MethodOf<P>> = GeneratedResponse<Operation<P, M>>;
export type BodyOf<P extends ApiPath, M extends MethodOf<P>> = GeneratedBody<Operation<P, M>>;
export type QueryOf<P extends ApiPath, M extends MethodOf<P>> = GeneratedQuery<Operation<P, M>>;
export type PathParamsOf<P extends ApiPath, M extends MethodOf<P>> = GeneratedPathParams<Operation<P, M>>;

/** What a call passes: only the parts the operation has. */
export type CallInit<P extends ApiPath, M extends MethodOf<P>> = ([PathParamsOf<P, M>] extends [never] ? { path?: never } : { path: PathParamsOf<P, M> }) &
  ([QueryOf<P, M>] extends [never] ? { query?: never } : { query?: QueryOf<P, M> }) &
  ([BodyOf<P, M>] extends [never] ? { body?: never } : { body: BodyOf<P, M> });

/** The paths that answer GET (files are fetched only from those). */
export type GetPath = { [P in ApiPath]: 'get' extends MethodOf<P> ? P : never }[ApiPath];
