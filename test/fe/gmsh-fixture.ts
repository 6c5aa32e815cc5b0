/** A unit square cut into two triangles, with a physical curve "left" and a physical surface "cloth". */
export const SQUARE = `$MeshFormat
4.1 0 8
$EndMeshFormat
$PhysicalNames
2
1 7 "left"
2 9 "cloth"
$EndPhysicalNames
$Entities
0 1 1 0
4 0 0 0 0 1 0 1 7 2 1 -2
1 0 0 0 1 1 0 1 9 1 4
$EndEntities
$Nodes
2 4 1 40
1 4 0 2
10
20
0 0 0
0 1 0
2 1 0 2
30
40
1 0 0
1 1 0
$EndNodes
$Elements
2 3 1 3
1 4 1 1
1 10 20
2 1 2 2
2 10 30 40
3 10 40 20
$EndElements
`;
