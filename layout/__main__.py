from layout.entry import main

main()
