/**
 * Type test: our `residence_list` schema's inferred types stay compatible with Deriv's official
 * `@deriv/api-types`, so a change on either side shows up in `npm run typecheck`.
 */
import type { CountriesListRequest, CountriesListResponse, ResidenceList } from '@deriv/api-types';
import type { Country } from '../../src/deriv/residence-list.js';
import { residenceListRequest } from '../../src/deriv/residence-list.js';

type Assert<T extends true> = T;
type Extends<A, B> = [A] extends [B] ? true : false;

// Every country we keep is a valid Deriv country.
export type CountryIsDerivCountry = Assert<Extends<Country, ResidenceList[number]>>;
// Our request is a valid Deriv request.
export type RequestIsDerivRequest = Assert<Extends<ReturnType<typeof residenceListRequest>, CountriesListRequest>>;
// A list of our countries fits Deriv's response field.
export type ListFitsResponse = Assert<Extends<Country[], NonNullable<CountriesListResponse['residence_list']>>>;
