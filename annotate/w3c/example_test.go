package w3c_test

import (
	"os"
	"time"

	"marginalia/annotate"
	"marginalia/annotate/bundle"
	"marginalia/annotate/w3c"
)

func ExampleWrite() {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	art, _ := annotate.NewArticle("Port strike", "The union said: “We have won.”", now)
	art.ID, art.URL = "0190a6b2-0000-7000-8000-000000000001", "https://news.example.org/port"
	text := annotate.NewText(art.Text)
	span, _ := text.Find("We have won.", 1)
	claim, _ := annotate.NewAnnotation(art.ID, text, span, annotate.KindClaim, "dana", now)
	claim.ID = "0190a6b2-0000-7000-8000-000000000002"

	b := &bundle.Bundle{Articles: []annotate.Article{art}, Annotations: []annotate.Annotation{claim}}
	w3c.Write(os.Stdout, b, w3c.Options{ID: "https://example.org/collections/1", Generated: now})
	// Output:
	// {
	//   "@context": "http://www.w3.org/ns/anno.jsonld",
	//   "id": "https://example.org/collections/1",
	//   "type": "AnnotationCollection",
	//   "label": "Marginalia annotations",
	//   "generator": {
	//     "type": "Software",
	//     "name": "Marginalia"
	//   },
	//   "generated": "2026-03-01T09:00:00Z",
	//   "total": 1,
	//   "first": {
	//     "id": "urn:uuid:30851e4a-0052-56dd-aad1-d2d6bce5cc10",
	//     "type": "AnnotationPage",
	//     "partOf": "https://example.org/collections/1",
	//     "startIndex": 0,
	//     "items": [
	//       {
	//         "@context": "http://www.w3.org/ns/anno.jsonld",
	//         "id": "urn:uuid:0190a6b2-0000-7000-8000-000000000002",
	//         "type": "Annotation",
	//         "motivation": "assessing",
	//         "creator": {
	//           "type": "Person",
	//           "name": "dana"
	//         },
	//         "created": "2026-03-01T09:00:00Z",
	//         "modified": "2026-03-01T09:00:00Z",
	//         "body": [
	//           {
	//             "type": "TextualBody",
	//             "value": "claim",
	//             "purpose": "classifying"
	//           },
	//           {
	//             "type": "TextualBody",
	//             "value": "unverified",
	//             "purpose": "assessing"
	//           }
	//         ],
	//         "target": {
	//           "source": "https://news.example.org/port",
	//           "selector": [
	//             {
	//               "type": "TextQuoteSelector",
	//               "exact": "We have won.",
	//               "prefix": "The union said: “",
	//               "suffix": "”"
	//             },
	//             {
	//               "type": "TextPositionSelector",
	//               "start": 17,
	//               "end": 29
	//             }
	//           ]
	//         }
	//       }
	//     ]
	//   }
	// }
}
