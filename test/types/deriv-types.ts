/**
 * Type test: our `residence_list` schema's inferred types stay compatible with Deriv's official
 * `@deriv/api-types`, so a change on either side shows up in `npm run typecheck`.
 */
import type { CountriesListRequest, CountriesListResponse, ResidenceList } from '@deriv/api-types';
import type { Country } from '../../src/deriv/residence-list.js';
import { RESIDENCE_QUERY, residenceListRequest } from '../../src/deriv/residence-list.js';

type Assert<T extends true> = T;
type Extends<A, B> = [A] extends [B] ? true : false;

// Every country we keep is a valid Deriv country.
export type CountryIsDerivCountry = Assert<Extends<Country, ResidenceList[number]>>;
// Our request is a valid Deriv request.
export type RequestIsDerivRequest = Assert<Extends<ReturnType<typeof residenceListRequest>, CountriesListRequest>>;
// Every field we ask for is one Deriv's request accepts (our request type is our own, so shipped types need no devDependency).
export type QueryIsDerivQuery = Assert<Extends<typeof RESIDENCE_QUERY, NonNullable<CountriesListRequest['query']>>>;
// A list of our countries fits Deriv's response field.
export type ListFitsResponse = Assert<Extends<Country[], NonNullable<CountriesListResponse['residence_list']>>>;
