/** Real neighbourhoods of the Lyon metro area, with approximate centres, for stores and lockers. */
export interface Place {
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly region: string;
}

export const STORE_PLACES: readonly Place[] = [
  { name: 'Lyon Part-Dieu', lat: 45.7606, lon: 4.8594, region: 'Lyon Centre' },
  { name: 'Lyon Bellecour', lat: 45.7578, lon: 4.832, region: 'Lyon Centre' },
  { name: 'Lyon Confluence', lat: 45.7412, lon: 4.8176, region: 'Lyon Centre' },
  { name: 'Lyon Croix-Rousse', lat: 45.7745, lon: 4.8317, region: 'Lyon Nord' },
  { name: 'Lyon Vaise', lat: 45.7745, lon: 4.8045, region: 'Lyon Ouest' },
  { name: 'Villeurbanne Gratte-Ciel', lat: 45.7676, lon: 4.8799, region: 'Lyon Est' },
  { name: 'Venissieux', lat: 45.6975, lon: 4.886, region: 'Lyon Sud' },
  { name: 'Bron', lat: 45.7387, lon: 4.9133, region: 'Lyon Est' },
  { name: 'Caluire-et-Cuire', lat: 45.7953, lon: 4.8466, region: 'Lyon Nord' },
  { name: 'Ecully', lat: 45.7744, lon: 4.7775, region: 'Lyon Ouest' },
  { name: 'Vaulx-en-Velin', lat: 45.7786, lon: 4.9196, region: 'Lyon Est' },
  { name: 'Saint-Priest', lat: 45.6957, lon: 4.9441, region: 'Lyon Sud' },
  { name: 'Oullins', lat: 45.7143, lon: 4.8075, region: 'Lyon Sud' },
  { name: 'Tassin-la-Demi-Lune', lat: 45.7636, lon: 4.7553, region: 'Lyon Ouest' },
  { name: 'Rillieux-la-Pape', lat: 45.8214, lon: 4.8983, region: 'Lyon Nord' },
  { name: 'Decines-Charpieu', lat: 45.7686, lon: 4.9592, region: 'Lyon Est' },
  { name: 'Givors', lat: 45.5906, lon: 4.7689, region: 'Lyon Sud' },
  { name: 'Meyzieu', lat: 45.7667, lon: 5.0036, region: 'Lyon Est' },
];

export const LOCKER_SPOTS = [
  'Metro',
  'Gare',
  'Campus',
  'Mairie',
  'Parking',
  'Place',
  'Tram',
  'Centre',
] as const;

export const WAREHOUSE_PLACES: readonly Place[] = [
  { name: 'Entrepot Corbas', lat: 45.6676, lon: 4.9021, region: 'Lyon Sud' },
  { name: 'Entrepot Saint-Quentin-Fallavier', lat: 45.6431, lon: 5.1122, region: 'Nord-Isere' },
];

export const STREETS = [
  'Rue de la Republique',
  'Avenue Jean Jaures',
  'Cours Lafayette',
  'Rue Garibaldi',
  'Boulevard des Belges',
  'Rue Victor Hugo',
  'Avenue Berthelot',
  'Rue Paul Bert',
  'Grande Rue',
  'Avenue de Saxe',
] as const;
