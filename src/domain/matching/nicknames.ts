/**
 * Common English given names and the short forms people bank under.
 *
 * Source: written by hand for this project from everyday US usage (no npm package ships a
 * maintained nickname list). Each line is a formal name followed by its usual short forms; a
 * short form may belong to several formal names (Chris, Alex, Sam), which is fine: two names
 * are treated as the same person's when any line holds both. Extend by adding lines.
 */
const nicknameLines: readonly string[] = [
  'abigail abby abbie gail',
  'abraham abe',
  'albert al bert bertie',
  'alexander alex alec al xander sandy',
  'alexandra alex alexa lexi sandra sandy',
  'alfred al alf fred freddie',
  'allison ali allie',
  'andrew andy drew',
  'angela angie',
  'anthony tony ant',
  'antonio tony',
  'barbara barb barbie babs',
  'benjamin ben benny benji',
  'bernard bernie',
  'beverly bev',
  'bradley brad',
  'catherine cathy cat kate katie kathy',
  'katherine kathy kate katie kat kay kit',
  'kathleen kathy kate katie',
  'charles charlie chuck chas chaz',
  'christina chris chrissy tina',
  'christine chris chrissy tina',
  'christopher chris topher kit',
  'cynthia cindy',
  'daniel dan danny',
  'danielle dani',
  'david dave davey',
  'deborah debbie deb debra',
  'donald don donnie',
  'dorothy dot dottie',
  'douglas doug',
  'edward ed eddie ted ned',
  'elizabeth liz lizzie beth betsy betty eliza libby lisa elisa',
  'emily em emmy',
  'eugene gene',
  'frances fran frannie',
  'francis frank fran',
  'franklin frank',
  'frederick fred freddie rick',
  'gabriel gabe',
  'gabrielle gabby gaby',
  'gerald gerry jerry',
  'gregory greg',
  'harold hal harry',
  'henry hank harry',
  'herbert herb',
  'isabella bella izzy isabel',
  'jacob jake',
  'james jim jimmy jamie',
  'jeffrey jeff',
  'jennifer jen jenny jenn',
  'jessica jess jessie',
  'john jack johnny jon',
  'jonathan jon jonny nathan',
  'joseph joe joey',
  'joshua josh',
  'judith judy',
  'kenneth ken kenny',
  'kimberly kim',
  'lawrence larry',
  'leonard leo len lenny',
  'louis lou',
  'margaret maggie meg peggy marge margie greta',
  'matthew matt',
  'michael mike mikey mick',
  'michelle shelly',
  'nathaniel nate nathan nat',
  'nicholas nick nicky',
  'nicole nikki',
  'pamela pam',
  'patricia pat patty trish tricia',
  'patrick pat paddy',
  'peter pete',
  'philip phil',
  'phillip phil',
  'raymond ray',
  'rebecca becky becca',
  'richard rick ricky dick rich richie',
  'robert bob bobby rob robbie bert',
  'roberta bobbie robbie',
  'ronald ron ronnie',
  'samantha sam sammy',
  'samuel sam sammy',
  'sandra sandy',
  'stephanie steph',
  'stephen steve stevie',
  'steven steve stevie',
  'susan sue susie suzy',
  'suzanne sue susie suzy',
  'theodore ted teddy theo',
  'thomas tom tommy',
  'timothy tim timmy',
  'victoria vicky tori',
  'vincent vince vinny',
  'walter walt wally',
  'william will bill billy willie liam',
  'zachary zach zack',
]

/** For each name, the indexes of the lines it appears on. */
const linesByName: ReadonlyMap<string, readonly number[]> = (() => {
  const index = new Map<string, number[]>()
  nicknameLines.forEach((line, lineNumber) => {
    for (const name of line.split(' ')) {
      const lines = index.get(name) ?? []
      if (!lines.includes(lineNumber)) lines.push(lineNumber)
      index.set(name, lines)
    }
  })
  return index
})()

/** True when the two given names are nickname forms of each other (case-insensitive). */
export function areNicknameForms(first: string, second: string): boolean {
  const a = first.toLowerCase()
  const b = second.toLowerCase()
  if (a === b) return false
  const linesOfA = linesByName.get(a)
  const linesOfB = linesByName.get(b)
  if (!linesOfA || !linesOfB) return false
  return linesOfA.some((line) => linesOfB.includes(line))
}
