import { areas } from '../../api/_routes'

/** Every route of the API, each area's table loaded: for the tests generated from the tables. */
export async function allRoutes() {
  return (await Promise.all(areas.map(async (area) => (await area.load()).routes))).flat()
}
